import type { Command } from 'commander';
import type { EncoderAttentionResult } from '../../engine/encoder/encoder-attention.ts';
import { CliError } from '../errors.ts';
import { addModelOptions, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope attention`: attention probabilities of every layer and head over a text. */
export function registerAttentionCommand(program: Command): void {
  addModelOptions(
    program
      .command('attention')
      .description('attention probabilities of every layer and head; each row is a distribution over keys (causal for decoders, over every token for encoders)')
      .requiredOption('--text <text>', 'the text')
      .option('--pair <text>', 'encoders: a second segment (token_type_ids 1)'),
  ).action(async (options: ModelOptions & { text: string; pair?: string }) => {
    await withModel(options, async (host, model) => {
      if (options.pair !== undefined && model.kind !== 'encoder') throw new CliError(`--pair: ${model.name} is a decoder; sentence pairs (segments) belong to encoders`);
      const result = await host.attention(model.modelId, options.text, options.pair);
      const encoder = result as Partial<EncoderAttentionResult>;
      const n = result.tokens.length;
      const matrix = (m: Float32Array): number[][] => Array.from({ length: n }, (_, q) => Array.from(m.subarray(q * n, (q + 1) * n)));
      if (options.json) {
        const marks = encoder.bidirectional ? { bidirectional: true, typeIds: encoder.typeIds, special: encoder.special } : {};
        return printJson({ tokens: result.tokens, layers: result.layers, heads: result.heads, ...marks, weights: result.weights.map((layer) => layer.map(matrix)) });
      }
      process.stdout.write(`${n} tokens, ${result.layers} layers x ${result.heads} heads${encoder.bidirectional ? ', bidirectional (rows over every token)' : ''}\n`);
      if (encoder.bidirectional) {
        const special = new Set(encoder.special);
        process.stdout.write(`segments: ${result.tokens.map((t, i) => `${special.has(i) ? `<${t}>` : JSON.stringify(t)}:${encoder.typeIds?.[i] ?? 0}`).join(' ')}\n`);
      }
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
