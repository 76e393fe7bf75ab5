import type { Command } from 'commander';
import { addModelOptions, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope attention`: attention probabilities of every layer and head over a text. */
export function registerAttentionCommand(program: Command): void {
  addModelOptions(
    program
      .command('attention')
      .description('attention probabilities of every layer and head; each row is a causal distribution over keys')
      .requiredOption('--text <text>', 'the text'),
  ).action(async (options: ModelOptions & { text: string }) => {
    await withModel(options, async (host, model) => {
      const result = await host.attention(model.modelId, options.text);
      const n = result.tokens.length;
      const matrix = (m: Float32Array): number[][] => Array.from({ length: n }, (_, q) => Array.from(m.subarray(q * n, (q + 1) * n)));
      if (options.json) {
        return printJson({ tokens: result.tokens, layers: result.layers, heads: result.heads, weights: result.weights.map((layer) => layer.map(matrix)) });
      }
      process.stdout.write(`${n} tokens, ${result.layers} layers x ${result.heads} heads\n`);
      process.stdout.write(`tokens: ${result.tokens.map((t) => JSON.stringify(t)).join(' ')}\n`);
      for (let l = 0; l < result.layers; l++) {
        // Where the last token looks most, per head: a quick textual summary; --json has everything.
        const tops = result.weights[l].map((m) => {
          const row = m.subarray((n - 1) * n, n * n);
          let best = 0;
          for (let k = 1; k < n; k++) if (row[k] > row[best]) best = k;
          return `${JSON.stringify(result.tokens[best])} ${row[best].toFixed(2)}`;
        });
        process.stdout.write(`layer ${l}: last token attends most to ${tops.join(' | ')}\n`);
      }
    });
  });
}
