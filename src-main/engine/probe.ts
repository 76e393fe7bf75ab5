import { EngineFailure } from './engine-failure.ts';
import { lastLogits, logSumExp, runDecoder, type ForwardInput } from './forward.ts';
import type { KvCache } from './kv-cache.ts';
import type { ModelSession } from './model-session.ts';
import { HEAD_MASK_INPUT, KNOCKOUT_INPUT, KNOCKOUT_VALUE, addInterventions } from './onnx/rewrite-interventions.ts';
import { LENS_INDEX_INPUT, exposeLens, lensOutput } from './onnx/rewrite-lens.ts';
import { keepLastLogits } from './onnx/rewrite.ts';
import type { KnockoutSpec, ProbeRequest, ProbeResult } from './probe-types.ts';
import { floatTensor, int64Tensor, tensorFloats, type OrtFeeds, type OrtSession } from './runtime.ts';
import { scoreBatches, DEFAULT_SCORE_BATCH } from './score-next.ts';

interface ProbeSession {
  session: OrtSession;
  layers: number;
  lastIndex: boolean;
}

/**
 * The probe graph: the lens, then interventions, then last-position logits, in one extra session
 * (one more copy of the weights), built the first time a probe runs.
 */
async function probeSession(model: ModelSession): Promise<ProbeSession> {
  const layers = model.info.nLayer;
  const session = await model.extraSession('probe', (bytes) => {
    // The lens first: it finds each layer by its attention Softmax, which the head mask then wraps.
    const intervened = addInterventions(exposeLens(bytes, layers).bytes, model.info.nHead);
    if (intervened.layers !== layers) {
      throw new EngineFailure('INTERVENTIONS_UNSUPPORTED', `the graph has ${intervened.layers} attention Softmax layers but config.json says ${layers}`);
    }
    return keepLastLogits(intervened.bytes).bytes;
  });
  return { session, layers, lastIndex: session.inputNames.includes('last_index') };
}

/** A [layers, heads] mask of ones with the request's values, checked. */
function headMaskFeed(mask: number[][] | undefined, layers: number, heads: number): { tensor: OrtFeeds[string]; trivial: boolean } {
  const data = new Float32Array(layers * heads).fill(1);
  if (mask) {
    if (mask.length !== layers || mask.some((row) => row.length !== heads)) {
      throw new EngineFailure('BAD_REQUEST', `headMask must be ${layers} layers x ${heads} heads, got ${mask.length} x ${mask[0]?.length ?? 0}`);
    }
    mask.forEach((row, l) => row.forEach((v, h) => {
      if (!Number.isFinite(v)) throw new EngineFailure('BAD_REQUEST', `headMask[${l}][${h}] is not a number`);
      data[l * heads + h] = v;
    }));
  }
  return { tensor: floatTensor(data, [layers, heads]), trivial: data.every((v) => v === 1) };
}

function checkKnockout(spec: KnockoutSpec, layers: number): void {
  for (const l of spec.layers ?? []) if (!Number.isInteger(l) || l < 0 || l >= layers) throw new EngineFailure('BAD_REQUEST', `knockout layer ${l} is outside 0..${layers - 1}`);
  for (const k of spec.keys) if (!Number.isInteger(k) || k < 0) throw new EngineFailure('BAD_REQUEST', `knockout key position ${k} is not a token position`);
  if (spec.queries !== 'last') for (const q of spec.queries) if (!Number.isInteger(q) || q < 0) throw new EngineFailure('BAD_REQUEST', `knockout query position ${q} is not a token position`);
}

/**
 * The attention_knockout feed for one run: rows start at absolute position `start` (the past's
 * length) and have the given real lengths. A query left with no key it may see is refused rather
 * than silently attending uniformly.
 */
function knockoutFeed(spec: KnockoutSpec | undefined, layers: number, start: number, lengths: number[]): OrtFeeds[string] {
  const queries = spec && spec.keys.length > 0 ? spec.queries : [];
  const seq = Math.max(...lengths);
  const total = start + seq;
  const rows = lengths.map((length) => {
    const picked = queries === 'last' ? [start + length - 1] : queries.filter((q) => q >= start && q < start + length);
    return picked;
  });
  if (rows.every((r) => r.length === 0)) return floatTensor(new Float32Array(layers), [layers, 1, 1, 1, 1]);
  const keys = new Set((spec as KnockoutSpec).keys);
  const active = new Set((spec as KnockoutSpec).layers ?? Array.from({ length: layers }, (_, l) => l));
  const batch = lengths.length;
  const data = new Float32Array(layers * batch * seq * total);
  rows.forEach((picked, b) => {
    for (const q of picked) {
      let visible = 0;
      for (let k = 0; k <= q; k++) if (!keys.has(k)) visible++;
      if (visible === 0) throw new EngineFailure('BAD_REQUEST', `knockout leaves query position ${q} no key to attend to`);
      for (const k of keys) {
        if (k > q) continue;
        for (const l of active) data[((l * batch + b) * seq + (q - start)) * total + k] = KNOCKOUT_VALUE;
      }
    }
  });
  return floatTensor(data, [layers, batch, 1, seq, total]);
}

function pick(row: Float32Array, tokenIds: number[]): number[] {
  const lse = logSumExp(row);
  return tokenIds.map((id) => row[id] - lse);
}

/** Tokens of `prefix` that every prompt starts with, leaving each prompt at least one token to run. */
function sharedPrefixLength(prefixIds: number[], prompts: number[][]): number {
  let n = prefixIds.length;
  for (const ids of prompts) {
    let k = 0;
    while (k < n && k < ids.length - 1 && ids[k] === prefixIds[k]) k++;
    n = k;
  }
  return n;
}

/**
 * Scores prompts that share a prefix through the probe graph: last-position log-probabilities of
 * `tokenIds`, optionally the label lens, under an optional head mask and attention knockout.
 *
 * Reuse follows the intervention. When nothing touches the prefix (no mask, or a mask scoped to
 * the suffix, and no knockout of prefix queries), the clean prefix state comes from the model's
 * prefix cache (shared with study scoring) and only the suffixes run. Otherwise the prefix state
 * is computed under the intervention once for the request and shared by its suffixes. With
 * `reuse: false` every prompt runs whole, the baseline.
 */
export async function probe(model: ModelSession, req: ProbeRequest): Promise<ProbeResult> {
  for (const id of req.tokenIds) {
    if (!Number.isInteger(id) || id < 0 || id >= model.info.vocabSize) throw new EngineFailure('BAD_REQUEST', `token id ${id} is outside the vocabulary (0..${model.info.vocabSize - 1})`);
  }
  const { session, layers, lastIndex } = await probeSession(model);
  const mask = headMaskFeed(req.headMask, layers, model.info.nHead);
  if (req.knockout) checkKnockout(req.knockout, layers);
  const scope = req.maskScope ?? 'all';
  const prefix = req.prefixParts.join('');
  const prompts = req.suffixes.map((suffix, i) => {
    const ids = model.tokenizer.encode(prefix + suffix, true);
    if (ids.length === 0) throw new EngineFailure('EMPTY_PROMPT', `prompt ${i + 1} has no tokens`);
    if (ids.length > model.info.contextLength) throw new EngineFailure('CONTEXT_OVERFLOW', `prompt ${i + 1} is ${ids.length} tokens, more than the model's context of ${model.info.contextLength} tokens`);
    return ids;
  });
  const result: ProbeResult = { logprobs: [], promptTokens: prompts.map((p) => p.length), computedTokens: 0, reusedTokens: 0, ...(req.lens ? { lens: [] } : {}) };
  const ones = headMaskFeed(undefined, layers, model.info.nHead).tensor;
  const lensOutputs = req.lens ? Array.from({ length: layers + 1 }, (_, k) => lensOutput(k)) : [];

  const run = async (rows: number[][], past: KvCache | undefined, maskTensor: OrtFeeds[string], wantPresent: boolean) => {
    const start = past?.length ?? 0;
    const extraFeeds: OrtFeeds = {
      [HEAD_MASK_INPUT]: maskTensor,
      [KNOCKOUT_INPUT]: knockoutFeed(req.knockout, layers, start, rows.map((r) => r.length)),
      [LENS_INDEX_INPUT]: int64Tensor(rows.map((r) => r.length - 1), [rows.length]),
    };
    const input: ForwardInput = { rows, ...(past ? { past } : {}), wantPresent, extraOutputs: lensOutputs, extraFeeds };
    if (lastIndex) input.lastIndexInput = 'last_index';
    else if (model.io.logitsToKeepInput) input.logitsToKeep = rows.every((r) => r.length === rows[0].length) ? 1 : 0;
    result.computedTokens += rows.reduce((s, r) => s + r.length, 0);
    return runDecoder(session, model.io, input);
  };

  const prefixTouched = (!mask.trivial && scope === 'all') || (req.knockout !== undefined && req.knockout.queries !== 'last' && req.knockout.keys.length > 0);
  const start = sharedPrefixLength(model.tokenizer.encode(prefix, true), prompts);
  const statePrefix = async (): Promise<KvCache | undefined> => {
    if (start === 0) return undefined;
    const ids = prompts[0].slice(0, start);
    if (!prefixTouched && req.reuse !== false) {
      const cached = model.prefixCache.get(ids);
      if (cached) {
        result.reusedTokens += start;
        return cached;
      }
      const state = await model.extendState(ids);
      result.computedTokens += start;
      model.prefixCache.set(ids, start, state);
      return state;
    }
    // Interventions on prefix queries: the state is computed under them (scope `suffix` leaves the
    // prefix's own queries unmasked).
    const out = await run([ids], undefined, scope === 'suffix' ? ones : mask.tensor, true);
    return out.present as KvCache;
  };

  const read = (out: Awaited<ReturnType<typeof run>>, r: number, length: number, i: number) => {
    result.logprobs[i] = pick(lastLogits(out, r, length), req.tokenIds);
    if (result.lens) result.lens[i] = lensOutputs.map((name) => {
      const t = out.outputs[name];
      const vocab = Number(t.dims[t.dims.length - 1]);
      return pick(tensorFloats(t).subarray(r * vocab, (r + 1) * vocab), req.tokenIds);
    });
  };

  if (req.reuse === false) {
    for (const [i, ids] of prompts.entries()) {
      const past = await statePrefix();
      const rows = [ids.slice(start)];
      const out = await run(rows, past, mask.tensor, false);
      read(out, 0, rows[0].length, i);
    }
    return result;
  }
  const past = await statePrefix();
  if (past && prefixTouched) result.reusedTokens += start * (prompts.length - 1);
  const order = prompts.map((_, i) => i).sort((a, b) => prompts[a].length - prompts[b].length || a - b);
  const runs = scoreBatches(order.map((i) => prompts[i].length - start), DEFAULT_SCORE_BATCH);
  const tile = past ? model.tiledPast(past, Math.max(...runs.map((r) => r.length))) : undefined;
  for (const batch of runs) {
    const indices = batch.map((k) => order[k]);
    const rows = indices.map((i) => prompts[i].slice(start));
    const out = await run(rows, tile?.firstRows(rows.length), mask.tensor, false);
    indices.forEach((i, r) => read(out, r, rows[r].length, i));
  }
  return result;
}
