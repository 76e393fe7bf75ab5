/**
 * Test support: runs a decoder file in onnxruntime-node (through runtime.ts) with Hugging Face-style feeds.
 *
 * Used only by the onnx/ and synth/ tests, which check built and rewritten graphs against the real
 * runtime on the CPU provider.
 */
import { boolTensor, createSession, floatTensor, int64Tensor, type OrtFeeds, type OrtSession, type OrtTensor } from '../../runtime.ts';

export interface DecoderFeeds {
  /** Token ids per row (all rows the same length). */
  ids: number[][];
  /** attention_mask per row, covering past + ids; all ones when omitted. */
  mask?: number[][];
  /** position_ids per row; cumsum(mask) - 1 (clamped at 0) over the new tokens when omitted. */
  positions?: number[][];
  /** present.* of an earlier run, fed back as past_key_values.*; empty past when omitted. */
  past?: Record<string, OrtTensor>;
  /** For merged files: the use_cache_branch value; defaults to whether `past` is given. */
  useCacheBranch?: boolean;
  /** Extra feeds (last_index and the like). */
  extra?: Record<string, OrtTensor>;
}

export type Outputs = OrtFeeds;

/** A one-thread CPU session (tests share two cores). */
export async function openSession(model: string | Uint8Array): Promise<OrtSession> {
  return (await createSession(model, { provider: 'cpu', threads: 1 }, typeof model === 'string' ? model : 'model bytes')).session;
}

const int64 = (rows: number[][]) => int64Tensor(rows.flat(), [rows.length, rows[0].length]);

/** An int64 [n] tensor, for feeds such as last_index. */
export const int64Vector = (values: number[]) => int64Tensor(values, [values.length]);

/** Runs one step; the past's shape is read from the session's past_key_values inputs. */
export async function runDecoder(session: OrtSession, feeds: DecoderFeeds, heads: number, headDim: number): Promise<Outputs> {
  const batch = feeds.ids.length;
  const pastLength = feeds.past ? feeds.past['present.0.key'].dims[2] : 0;
  const mask = feeds.mask ?? feeds.ids.map((row) => new Array(pastLength + row.length).fill(1));
  const positions = feeds.positions ?? mask.map((row) => {
    let count = 0;
    const cumulative = row.map((m) => (count += m) - 1);
    return cumulative.slice(pastLength).map((p) => Math.max(p, 0));
  });
  const inputs: Record<string, OrtTensor> = { input_ids: int64(feeds.ids), attention_mask: int64(mask) };
  if (session.inputNames.includes('position_ids')) inputs.position_ids = int64(positions);
  for (const name of session.inputNames) {
    const match = /^past_key_values\.(\d+)\.(key|value)$/.exec(name);
    if (!match) continue;
    inputs[name] = feeds.past?.[`present.${match[1]}.${match[2]}`] ?? floatTensor(new Float32Array(0), [batch, heads, 0, headDim]);
  }
  if (session.inputNames.includes('use_cache_branch')) inputs.use_cache_branch = boolTensor([feeds.useCacheBranch ?? Boolean(feeds.past)], [1]);
  Object.assign(inputs, feeds.extra ?? {});
  return session.run(inputs);
}

/** Row `row`, position `pos` of a [batch, seq, n] float tensor. */
export function rowAt(tensor: OrtTensor, row: number, pos: number): Float32Array {
  const [, seq, n] = tensor.dims;
  const start = (row * seq + pos) * n;
  return (tensor.data as Float32Array).slice(start, start + n);
}

/** The largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
