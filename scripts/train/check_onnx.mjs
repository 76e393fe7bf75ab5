/**
 * Checks the exported ONNX model against torch's logits with onnxruntime-node: a full forward
 * pass (past length 0) and cached decoding (prefix, then one token at a time with the KV cache).
 *
 * Usage: node scripts/train/check_onnx.mjs MODEL_DIR REFERENCE_JSON
 * REFERENCE_JSON is written by scripts/train/export.py. Exits 1 when any logit differs by > 1e-4.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const [dir, refPath] = process.argv.slice(2);
if (!dir || !refPath) {
  console.error('usage: node scripts/train/check_onnx.mjs MODEL_DIR REFERENCE_JSON');
  process.exit(2);
}
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
const refs = JSON.parse(readFileSync(refPath, 'utf8'));
const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'), { intraOpNumThreads: 1 });
const headDim = config.n_embd / config.n_head;
const V = config.vocab_size;

const int64 = (values, dims) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);

/** Runs ids (positions start at past length) on top of `past` (null = empty). */
async function step(ids, past, pastLen) {
  const feeds = {
    input_ids: int64(ids, [1, ids.length]),
    attention_mask: int64(new Array(pastLen + ids.length).fill(1), [1, pastLen + ids.length]),
    position_ids: int64(ids.map((_, i) => pastLen + i), [1, ids.length]),
  };
  for (let i = 0; i < config.n_layer; i++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kind}`] = past
        ? past[`present.${i}.${kind}`]
        : new ort.Tensor('float32', new Float32Array(0), [1, config.n_head, 0, headDim]);
    }
  }
  return session.run(feeds);
}

let worst = 0;
const diff = (a, b) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
for (const ref of refs) {
  const n = ref.ids.length;
  const full = await step(ref.ids, null, 0);
  const logits = full.logits.data;
  worst = Math.max(worst, diff(logits.subarray((n - 1) * V, n * V), ref.lastLogits));
  for (let t = 0; t < n; t++) {
    worst = Math.max(worst, diff(logits.subarray(t * V, t * V + 8), ref.allLogitsHead[t]));
  }
  // Cached: prefix of n-3 tokens, then the last three one at a time.
  let out = await step(ref.ids.slice(0, n - 3), null, 0);
  for (let t = n - 3; t < n; t++) {
    out = await step([ref.ids[t]], out, t);
    worst = Math.max(worst, diff(out.logits.data.subarray(0, 8), ref.allLogitsHead[t]));
  }
  worst = Math.max(worst, diff(out.logits.data, ref.lastLogits));
}
// Padding: a left-padded batch row must give the same last logits as the unpadded one.
const ids = refs[0].ids;
const pad = 3;
const padded = await session.run({
  input_ids: int64([0, 0, 0, ...ids], [1, ids.length + pad]),
  attention_mask: int64([0, 0, 0, ...ids.map(() => 1)], [1, ids.length + pad]),
  position_ids: int64([0, 0, 0, ...ids.map((_, i) => i)], [1, ids.length + pad]),
  ...Object.fromEntries(Array.from({ length: config.n_layer }, (_, i) => ['key', 'value'].map((k) => [
    `past_key_values.${i}.${k}`, new ort.Tensor('float32', new Float32Array(0), [1, config.n_head, 0, headDim])])).flat()),
});
const L = ids.length + pad;
worst = Math.max(worst, diff(padded.logits.data.subarray((L - 1) * V, L * V), refs[0].lastLogits));
console.log(JSON.stringify({ cases: refs.length, maxAbsDiff: worst, inputs: session.inputNames.length, outputs: session.outputNames.length }));
process.exit(worst <= 1e-4 ? 0 : 1);
