import type { DecoderIo } from './decoder-io.ts';
import { EngineFailure } from './engine-failure.ts';
import { KvCache } from './kv-cache.ts';
import { boolTensor, int64Tensor, tensorFloats, type OrtFeeds, type OrtSession, type OrtTensor } from './runtime.ts';

/**
 * One decoder run: feeds built from the graph's declared inputs, right-padded batches, optional past.
 */
export interface ForwardInput {
  /** Token rows; shorter rows are right-padded (their pads are masked out). */
  rows: number[][];
  /** Past state shared by every row (length P, no padding inside), or none. */
  past?: KvCache;
  /** Return present.* as a new cache (generation, prefix building). */
  wantPresent?: boolean;
  /** Extra graph outputs to fetch (attentions, hidden states from rewritten graphs). */
  extraOutputs?: string[];
  /**
   * Position of each row whose logits are needed, for graphs rewritten to compute the lm_head at one
   * position per row (`keepLastLogits`): fed as the named int64 [batch] input.
   */
  lastIndexInput?: string;
  /** Value for a graph's own num_logits_to_keep input (0 = all positions, the default). */
  logitsToKeep?: number;
  /** Feeds for inputs that rewritten graphs add (head_mask, attention_knockout, lens_index). */
  extraFeeds?: OrtFeeds;
}

export interface ForwardOutput {
  /** Row-major [batch, positions, vocab]; `positions` is the sequence length or 1 (last-only graphs). */
  logits: Float32Array;
  positions: number;
  vocab: number;
  present?: KvCache;
  outputs: Record<string, OrtTensor>;
}

export async function runDecoder(session: OrtSession, io: DecoderIo, input: ForwardInput): Promise<ForwardOutput> {
  if (io.alignRowsWithPast && input.past && input.past.length > 0 && input.rows.length > 1 && input.rows.some((r) => r.length > 1)) return runInGroups(session, io, input);
  const batch = input.rows.length;
  const seq = Math.max(...input.rows.map((r) => r.length));
  const past = input.past ?? KvCache.empty(io, batch);
  const pastLen = past.length;
  const ids = new BigInt64Array(batch * seq);
  const mask = new BigInt64Array(batch * (pastLen + seq));
  const positions = new BigInt64Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const row = input.rows[b];
    for (let j = 0; j < pastLen; j++) mask[b * (pastLen + seq) + j] = 1n;
    for (let j = 0; j < seq; j++) {
      ids[b * seq + j] = BigInt(j < row.length ? row[j] : row[row.length - 1]);
      mask[b * (pastLen + seq) + pastLen + j] = j < row.length ? 1n : 0n;
      // As transformers.js: cumsum(mask) - 1, so pads repeat the row's last position.
      positions[b * seq + j] = BigInt(pastLen + Math.min(j, row.length - 1));
    }
  }
  const feeds: OrtFeeds = { input_ids: int64Tensor(ids, [batch, seq]), ...past.feeds() };
  if (io.hasAttentionMask) feeds.attention_mask = int64Tensor(mask, [batch, pastLen + seq]);
  if (io.hasPositionIds) feeds.position_ids = int64Tensor(positions, [batch, seq]);
  if (io.hasUseCacheBranch) feeds.use_cache_branch = boolTensor([pastLen > 0], [1]);
  if (io.logitsToKeepInput) feeds[io.logitsToKeepInput] = int64Tensor([input.logitsToKeep ?? 0], []);
  if (input.lastIndexInput) feeds[input.lastIndexInput] = int64Tensor(input.rows.map((r) => r.length - 1), [batch]);
  if (input.extraFeeds) Object.assign(feeds, input.extraFeeds);
  const fetches = ['logits', ...(input.extraOutputs ?? [])];
  if (input.wantPresent) fetches.push(...io.presentKey, ...io.presentValue);
  const outputs = (await session.run(feeds, fetches)) as Record<string, OrtTensor>;
  const logitsTensor = outputs.logits;
  const dims = logitsTensor.dims.map(Number);
  return {
    logits: tensorFloats(logitsTensor),
    positions: dims.length === 3 ? dims[1] : 1,
    vocab: dims[dims.length - 1],
    ...(input.wantPresent ? { present: KvCache.fromOutputs(io, outputs, batch) } : {}),
    outputs,
  };
}

/**
 * A batch over a past on a GroupQueryAttention graph (see DecoderIo.alignRowsWithPast): ONNX
 * Runtime's CPU kernel takes one row at a time when several tokens follow a past, and reads each
 * row's past length from its mask, so rows of one token run together and longer rows alone.
 * Every row shares the same past, so each group takes its first rows. Only logits come back.
 */
async function runInGroups(session: OrtSession, io: DecoderIo, input: ForwardInput): Promise<ForwardOutput> {
  if (input.wantPresent || (input.extraOutputs?.length ?? 0) > 0) {
    throw new EngineFailure('BAD_REQUEST', 'rows of different lengths over a past cannot return present states or extra outputs on a GroupQueryAttention graph');
  }
  const past = input.past as KvCache;
  const groups: number[][] = [];
  const single = input.rows.flatMap((row, b) => (row.length === 1 ? [b] : []));
  if (single.length > 0) groups.push(single);
  input.rows.forEach((row, b) => row.length > 1 && groups.push([b]));
  const seq = Math.max(...input.rows.map((r) => r.length));
  let logits: Float32Array | undefined;
  let positions = 0;
  let vocab = 0;
  for (const members of groups) {
    const length = input.rows[members[0]].length;
    const out = await runDecoder(session, io, { ...input, rows: members.map((b) => input.rows[b]), past: past.firstRows(members.length) });
    positions = out.positions === 1 ? 1 : seq;
    vocab = out.vocab;
    logits ??= new Float32Array(input.rows.length * positions * vocab);
    members.forEach((b, g) => {
      const rowPositions = out.positions === 1 ? 1 : length;
      logits?.set(out.logits.subarray(g * out.positions * vocab, (g * out.positions + rowPositions) * vocab), b * positions * vocab);
    });
  }
  return { logits: logits as Float32Array, positions, vocab, outputs: {} };
}

/** The logits row of (batch row b, position p). */
export function logitsRow(out: ForwardOutput, b: number, p: number): Float32Array {
  const offset = (b * out.positions + p) * out.vocab;
  return out.logits.subarray(offset, offset + out.vocab);
}

/** The logits of row b's last real token, from a plain or a last-position-only run. */
export function lastLogits(out: ForwardOutput, b: number, rowLength: number): Float32Array {
  return logitsRow(out, b, out.positions === 1 ? 0 : rowLength - 1);
}

/** log-sum-exp of a row, in float64 for stable log-softmax. */
export function logSumExp(row: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return max + Math.log(sum);
}

/** Full-vocabulary natural-log softmax of a logits row. */
export function logSoftmax(row: Float32Array): Float64Array {
  const lse = logSumExp(row);
  const out = new Float64Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = row[i] - lse;
  return out;
}
