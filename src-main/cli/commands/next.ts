import type { Command } from 'commander';
import { addModelOptions, intOption, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope next`: the next-token distribution at the end of a text. */
export function registerNextCommand(program: Command): void {
  addModelOptions(
    program
      .command('next')
      .description('natural-log probabilities of the next token over the full vocabulary, at the end of the text')
      .requiredOption('--text <text>', 'the text to continue')
      .option('--top <k>', 'how many of the most likely tokens to list', intOption(1), 10),
  ).action(async (options: ModelOptions & { text: string; top: number }) => {
    await withModel(options, async (host, model) => {
      const result = await host.next(model.modelId, options.text, options.top);
      if (options.json) return printJson(result);
      process.stdout.write(`${result.tokens.length} tokens; top ${result.top.length} next tokens:\n`);
      for (const [rank, entry] of result.top.entries()) {
        const prob = Math.exp(entry.logprob);
        process.stdout.write(`${String(rank + 1).padStart(3)}  ${String(entry.id).padStart(6)}  ${JSON.stringify(entry.token).padEnd(20)}  logprob ${entry.logprob.toFixed(4)}  p ${prob.toFixed(4)}\n`);
      }
    });
  });
}
