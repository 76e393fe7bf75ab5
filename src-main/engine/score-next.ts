import { EngineFailure } from './engine-failure.ts';
import { logitsRow, logSumExp } from './forward.ts';
import type { KvCache } from './kv-cache.ts';
import type { ModelSession } from './model-session.ts';
import type { ScoreNextRequest, ScoreNextResult } from './protocol.ts';

/**
 * Most suffixes run together over one prefix state. Measured with a 124M-shaped GPT-2 on 2 CPU
 * cores (bench/RESULTS.md): ~25-token suffixes over a ~125-token past ran at 0.75-0.8 of a 128-token
 * prefill's speed one at a time and at 0.94-1.0 of it eight at a time (each weight matrix is read
 * once for 200 rows instead of 25); 12-16 rows were slower again.
 */
export const DEFAULT_SCORE_BATCH = 8;
/**
 * Most padded tokens (rows x longest row) in one batched run: bounds activation memory and keeps
 * long suffixes from being run in wide batches whose attention and copies outweigh the gain.
 */
export const SCORE_BATCH_TOKENS = 256;

/**
 * Scoring many prompts that share a prefix, doing only the work that is new (docs/ARCHITECTURE.md, "Scoring a study").
 *
 * Correctness comes first: every prompt is tokenized as one whole string, and a cached state is used
 * only for a run of leading token ids that this tokenization shares with it. Part boundaries are
 * mapped to tokens by tokenizing each cumulative prefix (instruction, + first demonstration, ...)
 * and taking the length on which it agrees with the whole prompt; where a part's tokens would merge
 * with what follows (GPT-2 joins "\n\n" into one token at a string's end but not before a word), the
 * boundary moves back to the last agreeing token. Where nothing agrees, the whole prompt runs.
 * So label log-probabilities equal those of plain whole-prompt runs (the test checks 1e-5).
 *
 * States are kept at every boundary in the model's PrefixCache (bounded in bytes, LRU), so a later
 * request whose order shares its first demonstrations starts from the deepest shared boundary.
 * Tokens all of a request's prompts share past the last part boundary form one more boundary.
 *
 * Prompts that start from the same state run in batches (the state tiled per row): sorted by the
 * length left to run, so rows of a batch are alike and padding is small, at most `batchSize` rows
 * and SCORE_BATCH_TOKENS padded tokens a run. Activation memory is bounded by that, not by the
 * number of suffixes (only their token ids are held).
 */
export async function scoreNext(model: ModelSession, req: ScoreNextRequest, batchSize = req.batchSize ?? DEFAULT_SCORE_BATCH): Promise<ScoreNextResult> {
  checkTokenIds(model, req.tokenIds);
  const continuations = req.continuations ?? [];
  for (const [j, c] of continuations.entries()) {
    if (c.length === 0) throw new EngineFailure('BAD_REQUEST', `continuation ${j + 1} has no tokens`);
    checkTokenIds(model, c);
  }
  const reader = new RowReader(req.tokenIds, continuations, req.suffixes.length);
  // Tokens a continuation adds after the prompt (all but its last are run).
  const reserve = Math.max(0, ...continuations.map((c) => c.length - 1));
  const prefix = req.prefixParts.join('');
  const result: ScoreNextResult = { logprobs: reader.logprobs, promptTokens: [], computedTokens: 0, ...(req.continuations ? { continuationLogprobs: reader.continuationLogprobs } : {}) };
  if (req.reuse === false) {
    for (let i = 0; i < req.suffixes.length; i++) {
      const ids = encodeChecked(model, prefix + req.suffixes[i], i, reserve);
      for (const row of reader.rows(i, ids)) {
        const out = await model.forward({ rows: [row.ids] });
        reader.read(row, (p) => logitsRow(out, 0, out.positions === 1 ? 0 : p));
        result.computedTokens += row.ids.length;
      }
      result.promptTokens.push(ids.length);
    }
    return result;
  }
  // Label words of several tokens need logits past the prompt's end, so every run of this request
  // then uses the graph with logits at every position: switching graphs within a study would build
  // a session per call (LogitsSessions keeps one at a time).
  const allPositions = reader.multi.length > 0;
  const extend = allPositions
    ? async (tokens: number[], past?: KvCache) => (await model.forward({ rows: [tokens], ...(past ? { past } : {}), wantPresent: true })).present as KvCache
    : (tokens: number[], past?: KvCache) => model.extendState(tokens, past);
  const cumulative: number[][] = [];
  for (let k = 1; k <= req.prefixParts.length; k++) cumulative.push(model.tokenizer.encode(req.prefixParts.slice(0, k).join(''), true));
  const prompts = req.suffixes.map((suffix, i) => encodeChecked(model, prefix + suffix, i, reserve));
  result.promptTokens = prompts.map((ids) => ids.length);
  // Tokens every prompt of this request shares beyond the last part boundary (the separator that
  // merges with the query, "Review:", ...) are one more boundary: computed once, not per suffix.
  const shared = prompts.length > 1 ? commonPrefixLength(prompts) : 0;
  // Prompts grouped by the state they start from: the deepest boundary and the ids up to it.
  const groups = new Map<string, { bounds: number[]; members: number[] }>();
  for (const [i, ids] of prompts.entries()) {
    const bounds = boundaries(cumulative, ids);
    if (shared > (bounds[bounds.length - 1] ?? 0)) bounds.push(shared);
    const depth = bounds[bounds.length - 1] ?? 0;
    const key = ids.slice(0, depth).join(',');
    const group = groups.get(key);
    if (group) group.members.push(i);
    else groups.set(key, { bounds, members: [i] });
  }
  for (const { bounds, members } of groups.values()) {
    const start = bounds[bounds.length - 1] ?? 0;
    const past = start > 0 ? await ensurePrefix(prompts[members[0]], bounds, result, model, extend) : undefined;
    const rows = members.flatMap((i) => reader.rows(i, prompts[i]));
    rows.sort((a, b) => a.ids.length - b.ids.length || a.prompt - b.prompt || a.continuation - b.continuation);
    const runs = scoreBatches(rows.map((row) => row.ids.length - start), batchSize);
    // Tiled once for the group's widest run; narrower runs use views of its first rows.
    const tile = past ? model.tiledPast(past, Math.max(...runs.map((run) => run.length))) : undefined;
    for (const run of runs) {
      const batch = run.map((k) => rows[k]);
      const input = { rows: batch.map((row) => row.ids.slice(start)), ...(tile ? { past: tile.firstRows(batch.length) } : {}) };
      if (allPositions) {
        const out = await model.forward(input);
        batch.forEach((row, r) => reader.read(row, (p) => logitsRow(out, r, p - start)));
      } else {
        const lastRows = await model.forwardLast(input);
        batch.forEach((row, r) => reader.read(row, () => lastRows[r]));
      }
      for (const row of input.rows) result.computedTokens += row.length;
    }
  }
  return result;
}

/** One run of a prompt: the prompt itself, or the prompt and all but the last token of a continuation. */
interface ScoredRow {
  prompt: number;
  /** Index of the multi-token continuation this row carries; -1 for the bare prompt. */
  continuation: number;
  /** Whether the prompt's next-token answers are read from this row. */
  primary: boolean;
  promptLength: number;
  ids: number[];
}

/**
 * Which rows each prompt needs and how their logits become answers. A prompt runs once bare when
 * every continuation is one token; otherwise once per multi-token continuation, the first of these
 * also answering `tokenIds` and the one-token continuations from the prompt's last position.
 */
class RowReader {
  readonly logprobs: number[][] = [];
  readonly continuationLogprobs: number[][];
  readonly multi: number[];

  constructor(
    private readonly tokenIds: number[],
    private readonly continuations: number[][],
    prompts: number,
  ) {
    this.multi = continuations.flatMap((c, j) => (c.length > 1 ? [j] : []));
    this.continuationLogprobs = Array.from({ length: prompts }, () => new Array<number>(continuations.length).fill(0));
  }

  rows(prompt: number, ids: number[]): ScoredRow[] {
    if (this.multi.length === 0) return [{ prompt, continuation: -1, primary: true, promptLength: ids.length, ids }];
    return this.multi.map((j, k) => ({ prompt, continuation: j, primary: k === 0, promptLength: ids.length, ids: [...ids, ...this.continuations[j].slice(0, -1)] }));
  }

  /** `at(p)`: the logits at absolute position p of the row (only the prompt's last is asked for a bare row). */
  read(row: ScoredRow, at: (position: number) => Float32Array): void {
    const last = row.promptLength - 1;
    if (row.primary) {
      const logits = at(last);
      const lse = logSumExp(logits);
      this.logprobs[row.prompt] = this.tokenIds.map((id) => logits[id] - lse);
      this.continuations.forEach((c, j) => {
        if (c.length === 1) this.continuationLogprobs[row.prompt][j] = logits[c[0]] - lse;
      });
    }
    if (row.continuation < 0) return;
    const tokens = this.continuations[row.continuation];
    let sum = 0;
    for (let t = 0; t < tokens.length; t++) {
      const logits = at(last + t);
      sum += logits[tokens[t]] - logSumExp(logits);
    }
    this.continuationLogprobs[row.prompt][row.continuation] = sum;
  }
}

/**
 * Consecutive runs of positions into a list of ascending row lengths: at most `maxRows` rows and
 * SCORE_BATCH_TOKENS padded tokens each (a single longer row still runs alone).
 */
export function scoreBatches(lengths: number[], maxRows: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  for (const [k, length] of lengths.entries()) {
    // Lengths ascend, so this row is the batch's longest: padded size = rows x its length.
    if (current.length > 0 && (current.length >= maxRows || (current.length + 1) * length > SCORE_BATCH_TOKENS)) {
      out.push(current);
      current = [];
    }
    current.push(k);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Token positions (ascending, > 0, < ids.length) where the whole prompt agrees with a part prefix. */
function boundaries(cumulative: number[][], ids: number[]): number[] {
  const out: number[] = [];
  for (const part of cumulative) {
    let n = 0;
    while (n < part.length && n < ids.length && part[n] === ids[n]) n++;
    // At least one token must be left to run, to get the last position's logits.
    n = Math.min(n, ids.length - 1);
    if (n > 0 && (out.length === 0 || n > out[out.length - 1])) out.push(n);
  }
  return out;
}

/** Length of the token prefix all prompts share, leaving each at least one token to run. */
function commonPrefixLength(prompts: number[][]): number {
  let n = Math.min(...prompts.map((p) => p.length - 1));
  for (const p of prompts) {
    let k = 0;
    while (k < n && p[k] === prompts[0][k]) k++;
    n = k;
  }
  return n;
}

/**
 * The state after ids[0 .. last boundary], computed from the deepest cached boundary on and stored
 * at every boundary passed.
 */
async function ensurePrefix(
  ids: number[],
  bounds: number[],
  result: ScoreNextResult,
  model: ModelSession,
  extend: (tokens: number[], past?: KvCache) => Promise<KvCache>,
): Promise<KvCache> {
  let j = bounds.length - 1;
  let past: KvCache | undefined;
  for (; j >= 0; j--) {
    past = model.prefixCache.get(ids, bounds[j]);
    if (past) break;
  }
  let done = j >= 0 ? bounds[j] : 0;
  for (let k = j + 1; k < bounds.length; k++) {
    const chunk = ids.slice(done, bounds[k]);
    past = await extend(chunk, past);
    result.computedTokens += chunk.length;
    done = bounds[k];
    model.prefixCache.set(ids, done, past);
  }
  if (!past) throw new Error('prefix state missing');
  return past;
}

function encodeChecked(model: ModelSession, text: string, index: number, reserve: number): number[] {
  const ids = model.tokenizer.encode(text, true);
  if (ids.length + reserve > model.info.contextLength) {
    const plus = reserve > 0 ? ` plus ${reserve} label tokens` : '';
    throw new EngineFailure('CONTEXT_OVERFLOW', `prompt ${index + 1} is ${ids.length} tokens${plus}, more than the model's context of ${model.info.contextLength} tokens`);
  }
  if (ids.length === 0) throw new EngineFailure('EMPTY_PROMPT', `prompt ${index + 1} has no tokens`);
  return ids;
}

function checkTokenIds(model: ModelSession, tokenIds: number[]): void {
  for (const id of tokenIds) {
    if (!Number.isInteger(id) || id < 0 || id >= model.info.vocabSize) {
      throw new EngineFailure('BAD_REQUEST', `token id ${id} is outside the vocabulary (0..${model.info.vocabSize - 1})`);
    }
  }
}

