import type { Command } from 'commander';
import { EngineHost } from '../../engine/host.ts';
import { summarizeFolder } from '../../engine/model-summary.ts';
import type { ProviderName } from '../../engine/protocol.ts';
import { resolveModelRef } from '../../models/resolve.ts';
import { CliError } from '../errors.ts';
import { printJson } from './engine-session.ts';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** `promptscope models info REF`: the folder's family, graphs and dtypes, and the provider a load gets. */
export function registerModelsInfo(models: Command): void {
  models
    .command('info')
    .description('family, parameters, file size, dtype, layout, variants and provider of a model (loads it once to validate it)')
    .argument('[model]', '"default", a registered name, or a model folder')
    .option('--model <ref>', 'the same, as the other commands name it')
    .option('--dtype <dtype>', 'which graph: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4, auto (default: as transformers.js picks)')
    .option('--provider <name>', 'execution provider: auto, cpu, cuda, dml, coreml, webgpu', 'auto')
    .option('--json', 'print one JSON document on stdout')
    .action(async (argument: string | undefined, options: { model?: string; dtype?: string; provider: string; json?: boolean }) => {
      const ref = argument ?? options.model;
      if (ref === undefined) throw new CliError('models info: name a model (models info M, or --model M)');
      let dir: string;
      let dtype = options.dtype;
      try {
        const resolved = resolveModelRef(ref);
        dir = resolved.dir;
        // A registered model's own dtype, unless --dtype asks for another graph.
        dtype ??= resolved.dtype;
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const summary = summarizeFolder(dir, dtype ? { dtype } : {});
      const host = new EngineHost();
      try {
        const info = await host.load(dir, { provider: options.provider as ProviderName, dtype: summary.dtype });
        const result = { ...summary, provider: info.provider, ...(info.providerFallback ? { providerFallback: info.providerFallback } : {}), attentionAvailable: info.attentionAvailable, sha256: info.sha256 };
        if (options.json) return printJson(result);
        const lines = [
          `${summary.dir}`,
          `  family     ${summary.family} (${summary.kind}), ${summary.nLayer} layers, ${summary.nHead} heads${summary.nKvHead !== summary.nHead ? ` (${summary.nKvHead} key/value)` : ''}, hidden ${summary.hiddenSize}, context ${summary.contextLength}, vocab ${info.vocabSize}`,
          ...(info.kind === 'encoder'
            ? [
                `  encoder    masked LM; mask token ${JSON.stringify(info.maskToken)} (id ${info.maskTokenId}); ${info.tokenTypeInput ? 'token_type_ids fed' : 'no token_type_ids input'}` +
                  `${info.sharedLayers ? '; one shared set of weights for every layer' : ''}${info.embeddingSize ? `; embedding width ${info.embeddingSize}` : ''}`,
              ]
            : []),
          `  parameters ${summary.parameters.toLocaleString('en-US')}`,
          `  graph      ${summary.onnxFile} (dtype ${summary.dtype}, layout ${summary.layout}, ${mib(summary.bytes)}${summary.externalData.length ? `, external data ${summary.externalData.join(', ')}` : ''})`,
          `  provider   ${info.provider}${info.providerFallback ? ` (fell back: ${info.providerFallback})` : ''}`,
          `  variants   ${summary.variants.map((v) => `${v.dtype} ${v.file} ${mib(v.bytes)}`).join('; ')}`,
          summary.chatTemplate !== undefined
            ? `  chat template (shown, never applied: prompts run as written)\n${summary.chatTemplate.split('\n').map((l) => `    ${l}`).join('\n')}`
            : '  chat template: none',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await host.dispose();
      }
    });
}
