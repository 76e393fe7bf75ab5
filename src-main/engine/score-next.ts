import { EngineFailure } from './engine-failure.ts';
import { logSumExp } from './forward.ts';
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
  const prefix = req.prefixParts.join('');
  const result: ScoreNextResult = { logprobs: [], promptTokens: [], computedTokens: 0 };
  if (req.reuse === false) {
    for (let i = 0; i < req.suffixes.length; i++) {
      const ids = encodeChecked(model, prefix + req.suffixes[i], i);
      const out = await model.forward({ rows: [ids] });
      const offset = (out.positions - 1) * out.vocab;
      result.logprobs.push(pick(out.logits.subarray(offset, offset + out.vocab), req.tokenIds));
      result.promptTokens.push(ids.length);
      result.computedTokens += ids.length;
    }
    return result;
  }
  const cumulative: number[][] = [];
  for (let k = 1; k <= req.prefixParts.length; k++) cumulative.push(model.tokenizer.encode(req.prefixParts.slice(0, k).join(''), true));
  const prompts = req.suffixes.map((suffix, i) => encodeChecked(model, prefix + suffix, i));
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
    const past = start > 0 ? await ensurePrefix(model, prompts[members[0]], bounds, result) : undefined;
    members.sort((a, b) => prompts[a].length - prompts[b].length || a - b);
    const runs = scoreBatches(members.map((i) => prompts[i].length - start), batchSize);
    // Tiled once for the group's widest run; narrower runs use views of its first rows.
    const tile = past ? model.tiledPast(past, Math.max(...runs.map((run) => run.length))) : undefined;
    for (const batch of runs) {
      const indices = batch.map((k) => members[k]);
      const rows = indices.map((i) => prompts[i].slice(start));
      const lastRows = await model.forwardLast({ rows, ...(tile ? { past: tile.firstRows(rows.length) } : {}) });
      indices.forEach((i, r) => {
        result.logprobs[i] = pick(lastRows[r], req.tokenIds);
        result.computedTokens += rows[r].length;
      });
    }
  }
  return result;
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
async function ensurePrefix(model: ModelSession, ids: number[], bounds: number[], result: ScoreNextResult): Promise<KvCache> {
  let j = bounds.length - 1;
  let past: KvCache | undefined;
  for (; j >= 0; j--) {
    past = model.prefixCache.get(ids, bounds[j]);
    if (past) break;
  }
  let done = j >= 0 ? bounds[j] : 0;
  for (let k = j + 1; k < bounds.length; k++) {
    const chunk = ids.slice(done, bounds[k]);
    past = await model.extendState(chunk, past);
    result.computedTokens += chunk.length;
    done = bounds[k];
    model.prefixCache.set(ids, done, past);
  }
  if (!past) throw new Error('prefix state missing');
  return past;
}

function encodeChecked(model: ModelSession, text: string, index: number): number[] {
  const ids = model.tokenizer.encode(text, true);
  if (ids.length > model.info.contextLength) {
    throw new EngineFailure('CONTEXT_OVERFLOW', `prompt ${index + 1} is ${ids.length} tokens, more than the model's context of ${model.info.contextLength} tokens`);
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

function pick(row: Float32Array, tokenIds: number[]): number[] {
  const lse = logSumExp(row);
  return tokenIds.map((id) => row[id] - lse);
}
