import type { Command } from 'commander';
import { addModelOptions, intOption, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope fill`: the top-k tokens at every mask of a text, on an encoder (BERT, RoBERTa, ALBERT). */
export function registerFillCommand(program: Command): void {
  addModelOptions(
    program
      .command('fill')
      .description('fill-mask on an encoder: the most likely tokens at every mask ([MASK], or the model\'s own mask token)')
      .requiredOption('--text <text>', 'the text, with one or more masks')
      .option('--pair <text>', 'a second segment (token_type_ids 1), as in BERT\'s sentence pairs')
      .option('--top <k>', 'how many tokens to list at each mask', intOption(1), 10),
  ).action(async (options: ModelOptions & { text: string; pair?: string; top: number }) => {
    await withModel(options, async (host, model) => {
      const result = await host.fill(model.modelId, options.text, options.top, options.pair);
      if (options.json) return printJson(result);
      process.stdout.write(`${model.name} (${model.modelType}), mask ${result.maskToken}; ${result.tokens.length} tokens: ${result.tokens.map((t) => JSON.stringify(t)).join(' ')}\n`);
      for (const [m, mask] of result.masks.entries()) {
        process.stdout.write(`mask ${m + 1} (token ${mask.position}):\n`);
        for (const [rank, p] of mask.top.entries()) {
          process.stdout.write(`${String(rank + 1).padStart(3)}  ${String(p.id).padStart(6)}  ${JSON.stringify(p.token).padEnd(20)}  p ${p.prob.toFixed(4)}  logprob ${p.logprob.toFixed(4)}\n`);
        }
      }
      process.stdout.write(`filled: ${result.filled}\n`);
    });
  });
}
