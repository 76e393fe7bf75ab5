import { lastLogits, logSoftmax } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import type { NextTokenResult } from './protocol.ts';

/**
 * The next-token distribution: full-vocabulary natural-log softmax at the last position of `text`,
 * with the `top` most likely tokens.
 */
export async function nextToken(model: ModelSession, text: string, top: number): Promise<NextTokenResult> {
  const tokens = model.encodePrompt(text);
  const out = await model.forwardLastOnly({ rows: [tokens] });
  const logprobs = logSoftmax(lastLogits(out, 0, tokens.length));
  return { tokens, top: topEntries(model, logprobs, top) };
}

export function topEntries(model: ModelSession, logprobs: Float64Array, top: number): NextTokenResult['top'] {
  const k = Math.max(0, Math.min(top, logprobs.length));
  // Partial selection: keep the k best seen so far in a small sorted array (k is small).
  const best: number[] = [];
  for (let i = 0; i < logprobs.length; i++) {
    if (best.length < k || logprobs[i] > logprobs[best[best.length - 1]]) {
      let pos = best.length < k ? best.length : best.length - 1;
      if (best.length < k) best.push(i);
      while (pos > 0 && logprobs[best[pos - 1]] < logprobs[i]) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
  }
  return best.map((id) => ({ id, token: model.tokenizer.tokenText(id), logprob: logprobs[id] }));
}
