import type { Command } from 'commander';
import { addModelOptions, intOption, numberOption, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope mlm-probe`: BERT's pre-training corruption on a text and the model's predictions. */
export function registerMlmProbeCommand(program: Command): void {
  addModelOptions(
    program
      .command('mlm-probe')
      .description('masked-LM probe on an encoder: BERT\'s recipe (15% of tokens; 80% mask, 10% random, 10% kept; seeded) and the predictions at each chosen token with the accuracy')
      .requiredOption('--text <text>', 'the text to corrupt')
      .option('--seed <s>', 'seed of the choice of tokens and of the 80/10/10 draws', intOption(0), 0)
      .option('--rate <r>', 'share of tokens chosen', numberOption(0), 0.15)
      .option('--top <k>', 'predictions listed per position', intOption(1), 5),
  ).action(async (options: ModelOptions & { text: string; seed: number; rate: number; top: number }) => {
    await withModel(options, async (host, model) => {
      const result = await host.mlmProbe(model.modelId, options.text, { seed: options.seed, rate: options.rate, top: options.top });
      if (options.json) return printJson(result);
      process.stdout.write(`seed ${result.seed}, rate ${result.rate}: ${result.positions.length} of ${result.candidates} text tokens chosen\n`);
      process.stdout.write(`fed: ${result.input.map((t) => JSON.stringify(t)).join(' ')}\n`);
      for (const p of result.positions) {
        const tops = p.top.map((t) => `${JSON.stringify(t.token)} ${t.prob.toFixed(3)}`).join(', ');
        process.stdout.write(`${String(p.position).padStart(4)}  ${JSON.stringify(p.original.token).padEnd(16)} ${p.action.padEnd(6)} fed ${JSON.stringify(p.fed.token).padEnd(16)} ${p.correct ? 'right' : 'wrong'}  top: ${tops}\n`);
      }
      const by = Object.entries(result.accuracyByAction).map(([a, v]) => `${a} ${v!.correct}/${v!.total}`).join(', ');
      process.stdout.write(`accuracy ${result.accuracy.toFixed(3)} (${by})\n`);
    });
  });
}
