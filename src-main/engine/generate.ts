import { EngineFailure } from './engine-failure.ts';
import { lastLogits, logSoftmax } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import type { GenerateOptions } from './protocol.ts';

export interface GeneratedToken {
  tokenId: number;
  /** The text this token adds to the decoded continuation (empty while a character is incomplete). */
  text: string;
  /** Natural-log probability of this token under the model (softmax of the logits at temperature 1). */
  logprob: number;
}

/**
 * Generation with the KV cache, one token per step, each handed to `onToken` as it is chosen.
 *
 * Greedy when temperature is 0 or absent; otherwise softmax(logits / temperature), restricted to
 * the `topK` best when given, sampled with a seeded PRNG so a seed reproduces a continuation.
 * Stops at maxNewTokens, the EOS token, or the end of the context.
 */
export async function generate(model: ModelSession, prompt: string, options: GenerateOptions, onToken: (t: GeneratedToken) => void): Promise<string> {
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
    throw new EngineFailure('BAD_REQUEST', `maxNewTokens must be a positive integer, got ${options.maxNewTokens}`);
  }
  const promptIds = model.encodePrompt(prompt);
  const room = model.info.contextLength - promptIds.length;
  const steps = Math.min(options.maxNewTokens, room);
  const random = mulberry32(options.seed ?? 0);
  const generated: number[] = [];
  let emitted = '';
  let out = await model.forwardLastOnly({ rows: [promptIds], wantPresent: true });
  let rowLength = promptIds.length;
  for (let step = 0; step < steps; step++) {
    const logits = lastLogits(out, 0, rowLength);
    const id = pickToken(logits, options, random);
    const logprob = logSoftmax(logits)[id];
    generated.push(id);
    const text = model.tokenizer.decode(generated, true);
    // Hold back a trailing partial character (byte-level BPE splits multi-byte characters).
    const stable = text.endsWith('\uFFFD') ? emitted : text;
    onToken({ tokenId: id, text: stable.slice(emitted.length), logprob });
    emitted = stable;
    if (id === model.info.eosTokenId || step === steps - 1) break;
    out = await model.forwardLastOnly({ rows: [[id]], past: out.present, wantPresent: true });
    rowLength = 1;
  }
  return model.tokenizer.decode(generated, true);
}

export function pickToken(logits: Float32Array, options: GenerateOptions, random: () => number): number {
  const temperature = options.temperature ?? 0;
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
  let candidates = Array.from(logits.keys());
  if (options.topK && options.topK > 0 && options.topK < logits.length) {
    candidates.sort((a, b) => logits[b] - logits[a]);
    candidates = candidates.slice(0, options.topK);
  }
  let max = -Infinity;
  for (const i of candidates) max = Math.max(max, logits[i]);
  const weights = candidates.map((i) => Math.exp((logits[i] - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let j = 0; j < candidates.length; j++) {
    r -= weights[j];
    if (r <= 0) return candidates[j];
  }
  return candidates[candidates.length - 1];
}

/** A small seeded PRNG (mulberry32): same seed, same continuation, on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
