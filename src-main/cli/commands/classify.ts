import type { Command } from 'commander';
import { createEngineHost } from './engine-session.ts';
import type { ProviderName } from '../../engine/protocol.ts';
import { ExperimentInputError } from '../../experiments/errors.ts';
import { classifyTexts } from '../../finetune/classify-text.ts';
import { readHeadFile } from '../../finetune/head-file.ts';
import { CliError } from '../errors.ts';

interface ClassifyOptions {
  head: string;
  text: string[];
  model?: string;
  provider: string;
  json?: boolean;
}

/** `promptscope classify --head HEAD --text T`: apply a head saved by `finetune --save-head`. */
export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('apply a trained head (from finetune --save-head) to new text')
    .requiredOption('--head <file>', 'head file written by finetune --save-head')
    .requiredOption('--text <text>', 'text to classify (repeat for several)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--model <ref>', 'model to use (default: the folder the head was trained on)')
    .option('--provider <name>', 'execution provider: auto, cpu, cuda, dml, coreml, webgpu', 'auto')
    .option('--json', 'print one JSON document on stdout')
    .action(async (options: ClassifyOptions) => {
      const headFile = readHeadFile(options.head);
      const engine = createEngineHost();
      try {
        const model = await engine.load(options.model ?? headFile.model.dir, { provider: options.provider as ProviderName });
        let results;
        try {
          results = await classifyTexts(engine, model, headFile, options.text, options.head);
        } catch (error) {
          if (error instanceof ExperimentInputError) throw new CliError(error.message);
          throw error;
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ head: { method: headFile.trainedOn.method, budget: headFile.trainedOn.budget, seed: headFile.trainedOn.seed }, model: { name: model.name, sha256: model.sha256 }, predictions: results })}\n`);
        } else {
          for (const r of results) {
            const probs = Object.entries(r.probabilities).map(([c, p]) => `${c}=${p.toFixed(3)}`).join(' ');
            process.stdout.write(`${r.label}\t${probs}\t${r.text}\n`);
          }
        }
      } finally {
        await engine.dispose();
      }
    });
}
