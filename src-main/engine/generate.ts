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
 * the `topK` best when given, sampled with a seeded PRNG so a seed reproduces a continuation;
 * `noRepeatNgram` / `exemptTokens` as in {@link pickToken}.
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
  // What n-gram blocking looks at: the prompt and the continuation, as Hugging Face's does for decoders.
  const history = [...promptIds];
  let emitted = '';
  let out = await model.forwardLastOnly({ rows: [promptIds], wantPresent: true });
  let rowLength = promptIds.length;
  for (let step = 0; step < steps; step++) {
    const logits = lastLogits(out, 0, rowLength);
    const id = pickToken(logits, options, random, history);
    history.push(id);
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

/**
 * The next token from `logits`, after the context `history` (prompt and continuation so far).
 *
 * In this order, as Lu et al. 2022's `ImmutableLM.generate`: tokens that would repeat an n-gram of
 * `history` get no chance (`noRepeatNgram`, `exemptTokens` spared); if the most likely remaining
 * token is exempt it is taken (their `temperature_wrapper` lifts it to 99999 before the softmax,
 * which leaves every other token a probability of exactly 0 in float); otherwise greedy at
 * temperature 0, else a sample from softmax(logits / temperature) over the top-k.
 */
export function pickToken(logits: Float32Array, options: GenerateOptions, random: () => number, history: readonly number[] = []): number {
  const temperature = options.temperature ?? 0;
  const banned = options.noRepeatNgram ? bannedNgramTokens(history, options.noRepeatNgram) : new Set<number>();
  for (const id of options.exemptTokens ?? []) banned.delete(id);
  const open = (i: number) => !banned.has(i) && !Number.isNaN(logits[i]);
  let best = -1;
  for (let i = 0; i < logits.length; i++) if (open(i) && (best < 0 || logits[i] > logits[best])) best = i;
  if (best < 0) throw new EngineFailure('BAD_REQUEST', 'every token is blocked by noRepeatNgram');
  if (temperature <= 0 || options.exemptTokens?.includes(best)) return best;
  let candidates = Array.from(logits.keys()).filter(open);
  if (options.topK && options.topK > 0 && options.topK < candidates.length) {
    // Hugging Face's (and Lu's) top-k keeps every token at least as likely as the k-th.
    const kth = kthLargest(candidates.map((i) => logits[i]), options.topK);
    candidates = candidates.filter((i) => logits[i] >= kth);
  }
  const max = logits[best];
  const weights = candidates.map((i) => Math.exp((logits[i] - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let j = 0; j < candidates.length; j++) {
    r -= weights[j];
    if (r <= 0) return candidates[j];
  }
  return candidates[candidates.length - 1];
}

/** The k-th largest of `values` (1-based), keeping only the k best seen: one pass over a vocabulary, no sort of it. */
export function kthLargest(values: readonly number[], k: number): number {
  const best: number[] = [];
  for (const v of values) {
    if (best.length === k && v <= best[k - 1]) continue;
    let at = best.length;
    while (at > 0 && best[at - 1] < v) at--;
    best.splice(at, 0, v);
    if (best.length > k) best.pop();
  }
  return best[best.length - 1];
}

/**
 * Tokens that would complete an n-gram already in `history` (fairseq's `_calc_banned_ngram_tokens`,
 * Hugging Face's `no_repeat_ngram_size`): those that followed the last n-1 tokens somewhere before.
 */
export function bannedNgramTokens(history: readonly number[], n: number): Set<number> {
  const banned = new Set<number>();
  if (!Number.isInteger(n) || n < 1 || history.length + 1 < n) return banned;
  const start = history.length - (n - 1);
  for (let i = 0; i + n <= history.length; i++) {
    let same = true;
    for (let j = 0; j < n - 1 && same; j++) same = history[i + j] === history[start + j];
    if (same) banned.add(history[i + n - 1]);
  }
  return banned;
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
