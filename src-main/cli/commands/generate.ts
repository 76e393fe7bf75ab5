import type { Command } from 'commander';
import { addModelOptions, intOption, numberOption, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope generate`: streams a continuation token by token. */
export function registerGenerateCommand(program: Command): void {
  addModelOptions(
    program
      .command('generate')
      .description('continue a prompt, streaming tokens as they are chosen (greedy unless --temperature is set)')
      .requiredOption('--prompt <text>', 'the prompt')
      .requiredOption('--max-new-tokens <n>', 'how many tokens at most', intOption(1))
      .option('--temperature <x>', 'sampling temperature; 0 = greedy', numberOption(0), 0)
      .option('--top-k <k>', 'sample only among the k most likely tokens', intOption(1))
      .option('--seed <s>', 'seed of the sampler', intOption(0), 0),
  ).action(async (options: ModelOptions & { prompt: string; maxNewTokens: number; temperature: number; topK?: number; seed: number }) => {
    await withModel(options, async (host, model) => {
      const tokenIds: number[] = [];
      const text = await host.generate(
        model.modelId,
        options.prompt,
        { maxNewTokens: options.maxNewTokens, temperature: options.temperature, seed: options.seed, ...(options.topK ? { topK: options.topK } : {}) },
        (token) => {
          tokenIds.push(token.tokenId);
          if (!options.json) process.stdout.write(token.text);
        },
      );
      if (options.json) printJson({ prompt: options.prompt, text, tokenIds });
      else process.stdout.write('\n');
    });
  });
}
