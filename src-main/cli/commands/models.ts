import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { defaultModelDir } from '../../paths.ts';
import { checkModelName } from '../../models/registry.ts';
import { addModel, checkNewModelFolder, listModels } from '../../use-cases/model-catalog.ts';
import { CliError } from '../errors.ts';
import { createEngineHost, intOption, printJson } from './engine-session.ts';

/** `promptscope models list|add|synth`. */
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

  models
    .command('add')
    .description('register a local model folder (Hugging Face ONNX layout) after loading it once to validate it')
    .argument('<dir>', 'the model folder')
    .option('--name <name>', 'name to register it under (default: the folder name)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (dir: string, options: { name?: string; json?: boolean }) => {
      let abs: string;
      try {
        abs = checkNewModelFolder(dir);
        checkModelName(options.name ?? path.basename(abs));
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const name = options.name ?? path.basename(abs);
      const host = createEngineHost();
      try {
        // An absolute path always resolves as a folder, never as a registered name.
        const info = await host.load(abs, { provider: 'cpu' });
        const entry = addModel(abs, name);
        if (options.json) return printJson({ name: entry.name, dir: entry.dir, sha256: info.sha256, modelType: info.modelType, vocabSize: info.vocabSize, nLayer: info.nLayer, contextLength: info.contextLength });
        process.stdout.write(`registered ${entry.name} -> ${entry.dir} (${info.modelType}, ${info.nLayer} layers, vocab ${info.vocabSize}, sha256 ${info.sha256.slice(0, 12)})\n`);
      } finally {
        await host.dispose();
      }
    });

  models
    .command('synth')
    .description('write a model folder with random weights in the Hugging Face ONNX layout (test fixtures, benchmarks)')
    .requiredOption('--arch <arch>', 'architecture (gpt2)')
    .requiredOption('--out <dir>', 'folder to write')
    .option('--layers <n>', 'transformer blocks', intOption(1), 2)
    .option('--hidden <d>', 'width', intOption(1), 64)
    .option('--heads <h>', 'attention heads (must divide --hidden)', intOption(1), 4)
    .option('--vocab <v>', 'vocabulary size (257..50257) or "gpt2" for GPT-2\'s tokenizer', parseVocab, 'gpt2')
    .option('--ctx <n>', 'context length', intOption(1), 1024)
    .option('--seed <s>', 'seed of the random weights', intOption(0), 0)
    .option('--merged', 'also write the legacy onnx/decoder_model_merged.onnx')
    .option('--json', 'print one JSON document on stdout')
    .action(async (options: { arch: string; out: string; layers: number; hidden: number; heads: number; vocab: number | 'gpt2'; ctx: number; seed: number; merged?: boolean; json?: boolean }) => {
      if (options.arch !== 'gpt2') throw new CliError(`unsupported --arch "${options.arch}": only gpt2 can be built`);
      const out = path.resolve(options.out);
      if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new CliError(`${out} exists and is not empty; choose an empty or new --out folder`);
      // Loaded on use: the builder pulls in protobuf and is needed by this command only.
      const { synthGpt2 } = await import('../../engine/synth/gpt2.ts');
      let result;
      try {
        result = await synthGpt2({ outDir: out, layers: options.layers, hidden: options.hidden, heads: options.heads, vocab: options.vocab, ctx: options.ctx, seed: options.seed, merged: options.merged });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (options.json) return printJson({ outDir: result.outDir, files: result.files, shape: result.shape, parameters: result.parameters, modelBytes: result.modelBytes });
      process.stdout.write(`wrote ${result.outDir}: gpt2, ${result.shape.layers} layers, hidden ${result.shape.hidden}, ${result.shape.heads} heads, vocab ${result.shape.vocab}, ${result.parameters} parameters\n`);
    });
}

function parseVocab(value: string): number | 'gpt2' {
  if (value === 'gpt2') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 257) throw new InvalidArgumentError('expected "gpt2" or an integer from 257 to 50257');
  return n;
}
