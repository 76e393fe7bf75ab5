import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { defaultModelDir } from '../../paths.ts';
import { checkModelName } from '../../models/registry.ts';
import { addModel, checkNewModelFolder, listModels } from '../../use-cases/model-catalog.ts';
import { CliError } from '../errors.ts';
import { BUILT_FAMILIES, type BuiltFamily } from '../../engine/model-families.ts';
import { SYNTH_DTYPES, type SynthDtype } from '../../engine/synth/dtype-convert.ts';
import { createEngineHost, intOption, printJson } from './engine-session.ts';
import { ENCODER_ARCHS, synthEncoderCommand } from './models-encoder.ts';
import { registerModelsInfo } from './models-info.ts';

/** `promptscope models list|add|info|synth`. */
export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('the embedded model, registered models, and the model builder');

  models
    .command('list')
    .description('list the embedded model and the registered ones')
    .option('--json', 'print one JSON document on stdout')
    .action((options: { json?: boolean }) => {
      const rows = listModels({ defaultModelDir }).map((m) => ({ name: m.name, dir: m.dir, source: m.kind === 'default' ? 'embedded' : 'registered', available: m.available, ...(m.problem ? { problem: m.problem } : {}), ...(m.addedAt ? { addedAt: m.addedAt } : {}) }));
      if (options.json) return printJson({ models: rows });
      for (const row of rows) process.stdout.write(`${row.name.padEnd(20)} ${row.source.padEnd(10)} ${row.dir}${row.available ? '' : `  (unavailable: ${row.problem})`}\n`);
    });

  registerModelsInfo(models);

  models
    .command('add')
    .description('register a local model folder (Hugging Face ONNX layout) after loading it once to validate it')
    .argument('<dir>', 'the model folder')
    .option('--name <name>', 'name to register it under (default: the folder name)')
    .option('--dtype <dtype>', 'the graph every load of this name uses: fp32, fp16, q8, q4, q4f16, ... (default: as transformers.js picks)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (dir: string, options: { name?: string; dtype?: string; json?: boolean }) => {
      let abs: string;
      try {
        abs = checkNewModelFolder(dir, options.dtype);
        checkModelName(options.name ?? path.basename(abs));
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const name = options.name ?? path.basename(abs);
      const host = createEngineHost();
      try {
        // An absolute path always resolves as a folder, never as a registered name.
        const info = await host.load(abs, { provider: 'cpu', ...(options.dtype ? { dtype: options.dtype } : {}) });
        const entry = addModel(abs, name, undefined, options.dtype);
        if (options.json) return printJson({ name: entry.name, dir: entry.dir, dtype: info.dtype, sha256: info.sha256, modelType: info.modelType, vocabSize: info.vocabSize, nLayer: info.nLayer, contextLength: info.contextLength });
        process.stdout.write(`registered ${entry.name} -> ${entry.dir} (${info.modelType}, ${info.nLayer} layers, vocab ${info.vocabSize}, dtype ${info.dtype ?? 'fp32'}, sha256 ${info.sha256.slice(0, 12)})\n`);
      } finally {
        await host.dispose();
      }
    });


  models
    .command('synth')
    .description('write a model folder with random weights in the Hugging Face ONNX layout (test fixtures, benchmarks)')
    .requiredOption('--arch <arch>', `architecture: ${[...BUILT_FAMILIES, ...ENCODER_ARCHS].join(', ')}`)
    .requiredOption('--out <dir>', 'folder to write')
    .option('--style <style>', 'graph style: plain (torch.onnx.export / Optimum ops) or fused (ONNX Runtime model builder: GroupQueryAttention, SkipSimplifiedLayerNormalization; llama, qwen2, phi3)', 'plain')
    .option('--dtype <list>', `comma-separated dtypes, one graph each: ${SYNTH_DTYPES.join(', ')}`, 'fp32')
    .option('--layout <layout>', 'onnx-subfolder (transformers.js: onnx/model.onnx) or optimum-flat (model.onnx beside config.json)', 'onnx-subfolder')
    .option('--external-data', 'keep the weights in model.onnx_data beside the graph')
    .option('--layers <n>', 'transformer blocks', intOption(1), 2)
    .option('--hidden <d>', 'width', intOption(1))
    .option('--heads <h>', 'attention heads (must divide --hidden)', intOption(1), 4)
    .option('--kv-heads <h>', 'key/value heads (llama, qwen2, phi3; must divide --heads)', intOption(1))
    .option('--vocab <v>', 'tokenizer size; for gpt2 257..50257 or "gpt2" for GPT-2\'s whole tokenizer', parseVocab)
    .option('--ctx <n>', 'context length', intOption(1))
    .option('--untied', 'qwen2: a separate lm_head instead of the tied embedding')
    .option('--seed <s>', 'seed of the random weights', intOption(0), 0)
    .option('--merged', 'gpt2 only: also write the legacy onnx/decoder_model_merged.onnx')
    .option('--embedding <e>', 'ALBERT: factorized embedding width (default hidden / 2)', intOption(1))
    .option('--json', 'print one JSON document on stdout')
    .action(async (options: SynthCliOptions, command: Command) => {
      if ((ENCODER_ARCHS as readonly string[]).includes(options.arch)) {
        if (options.layout !== 'onnx-subfolder' && options.layout !== 'optimum-flat') throw new CliError(`unsupported --layout "${options.layout}": onnx-subfolder or optimum-flat`);
        if (options.style !== 'plain' || options.dtype !== 'fp32' || options.externalData || options.merged) {
          throw new CliError(`--arch ${options.arch}: encoders are built in the plain style, fp32, without external data or a merged file`);
        }
        return synthEncoderCommand(
          {
            arch: options.arch, out: options.out, layers: options.layers, hidden: options.hidden ?? 64, heads: options.heads, vocab: options.vocab ?? 'gpt2', ctx: options.ctx ?? 512, seed: options.seed,
            layout: options.layout === 'optimum-flat' ? 'flat' : 'onnx', ...(options.embedding !== undefined ? { embedding: options.embedding } : {}), ...(options.json ? { json: true } : {}),
          },
          command.getOptionValueSource('ctx') === 'cli',
        );
      }
      if (!(BUILT_FAMILIES as readonly string[]).includes(options.arch)) throw new CliError(`unsupported --arch "${options.arch}": one of ${[...BUILT_FAMILIES, ...ENCODER_ARCHS].join(', ')}`);
      const dtypes = options.dtype.split(',').map((d) => d.trim());
      for (const d of dtypes) if (!(SYNTH_DTYPES as readonly string[]).includes(d)) throw new CliError(`unsupported --dtype "${d}": one of ${SYNTH_DTYPES.join(', ')}`);
      if (options.layout !== 'onnx-subfolder' && options.layout !== 'optimum-flat') throw new CliError(`unsupported --layout "${options.layout}": onnx-subfolder or optimum-flat`);
      const out = path.resolve(options.out);
      if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new CliError(`${out} exists and is not empty; choose an empty or new --out folder`);
      // Loaded on use: the builders pull in protobuf and are needed by this command only.
      const classic = options.arch === 'gpt2' && options.style === 'plain' && dtypes.join() === 'fp32' && options.layout === 'onnx-subfolder' && !options.externalData;
      try {
        if (classic) {
          const { synthGpt2 } = await import('../../engine/synth/gpt2.ts');
          const r = await synthGpt2({ outDir: out, layers: options.layers, hidden: options.hidden ?? 64, heads: options.heads, vocab: options.vocab ?? 'gpt2', ctx: options.ctx ?? 1024, seed: options.seed, merged: options.merged });
          if (options.json) return printJson({ outDir: r.outDir, files: r.files, shape: r.shape, parameters: r.parameters, modelBytes: r.modelBytes });
          process.stdout.write(`wrote ${r.outDir}: gpt2, ${r.shape.layers} layers, hidden ${r.shape.hidden}, ${r.shape.heads} heads, vocab ${r.shape.vocab}, ${r.parameters} parameters\n`);
          return;
        }
        if (options.merged) throw new Error('--merged is only built for --arch gpt2 with --dtype fp32 in the onnx/ layout');
        const { synthModel } = await import('../../engine/synth/synth-model.ts');
        const r = await synthModel({
          outDir: out, arch: options.arch as BuiltFamily, style: options.style as 'plain' | 'fused', dtypes: dtypes as SynthDtype[], layout: options.layout,
          externalData: options.externalData, layers: options.layers, hidden: options.hidden, heads: options.heads, kvHeads: options.kvHeads,
          vocab: options.vocab === 'gpt2' ? 50257 : options.vocab, ctx: options.ctx, seed: options.seed, ...(options.untied ? { tie: false } : {}),
        });
        if (options.json) return printJson(r);
        process.stdout.write(`wrote ${r.outDir}: ${r.arch} (${options.style}, ${dtypes.join(', ')}), ${r.shape.layers} layers, hidden ${r.shape.hidden}, ${r.shape.heads} heads (${r.shape.kvHeads} key/value), logits ${r.shape.vocab}, ${r.parameters} parameters\n`);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
}

interface SynthCliOptions {
  arch: string; out: string; style: string; dtype: string; layout: 'onnx-subfolder' | 'optimum-flat'; externalData?: boolean; layers: number; hidden?: number;
  heads: number; kvHeads?: number; vocab?: number | 'gpt2'; ctx?: number; untied?: boolean; seed: number; merged?: boolean; embedding?: number; json?: boolean;
}

function parseVocab(value: string): number | 'gpt2' {
  if (value === 'gpt2') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 257) throw new InvalidArgumentError('expected "gpt2" or an integer from 257 to 50257');
  return n;
}
