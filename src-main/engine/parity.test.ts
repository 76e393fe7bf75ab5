import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logitsRow, logSoftmax } from './forward.ts';
import { ModelSession } from './model-session.ts';
import { nextToken } from './next-token.ts';
import { synthGpt2 } from './synth/gpt2.ts';

/**
 * The engine agrees with an independent implementation (transformers.js on the same folder), and
 * its KV-cache and legacy-merged paths agree with the plain full forward.
 */

const TEXTS = [
  'Hello world',
  ' The movie was great. Sentiment:',
  'naïve café in Zürich — 北京 and Ελληνικά',
  'emoji: 😀🎉👩‍👩‍👧 ok',
  // Longer than one KV-cache step: many tokens in one run, then decoded token by token below.
  'In a hole in the ground there lived a hobbit. '.repeat(12),
];

let root: string;
let model: ModelSession;
let merged: ModelSession;
let reference: { tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>; model: Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>> };

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-parity-'));
  const dir = path.join(root, 'tiny');
  await synthGpt2({ outDir: dir, layers: 2, hidden: 64, heads: 4, seed: 7, merged: true });
  // A second folder holding only the legacy merged file (same weights), linked to the same JSON.
  const legacy = path.join(root, 'legacy');
  fs.mkdirSync(path.join(legacy, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(dir, f), path.join(legacy, f));
  fs.copyFileSync(path.join(dir, 'onnx', 'decoder_model_merged.onnx'), path.join(legacy, 'onnx', 'decoder_model_merged.onnx'));
  model = await ModelSession.load('m1', 'tiny', dir, { provider: 'cpu' });
  merged = await ModelSession.load('m2', 'legacy', legacy, { provider: 'cpu' });
  env.allowRemoteModels = false;
  env.localModelPath = `${root}${path.sep}`;
  reference = {
    tokenizer: await AutoTokenizer.from_pretrained('tiny'),
    model: await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32', device: 'cpu' }),
  };
});

afterAll(async () => {
  await model?.dispose();
  await merged?.dispose();
  await reference?.model.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('parity with transformers.js', () => {
  it.each(TEXTS)('next-token log-probabilities agree within 1e-4: %j', async (text) => {
    const ours = await nextToken(model, text, 10);
    const inputs = reference.tokenizer(text);
    expect(ours.tokens).toEqual((inputs.input_ids.tolist() as bigint[][])[0].map(Number));
    const out = await reference.model(inputs);
    const [, seq, vocab] = out.logits.dims as number[];
    const last = (out.logits.data as Float32Array).subarray((seq - 1) * vocab, seq * vocab);
    const theirs = logSoftmax(last);
    const full = logSoftmax(logitsRow(await model.forward({ rows: [ours.tokens] }), 0, ours.tokens.length - 1));
    expect(maxAbsDiff(full, theirs)).toBeLessThan(1e-4);
    for (const entry of ours.top) expect(Math.abs(entry.logprob - theirs[entry.id])).toBeLessThan(1e-4);
    // The top list really is the top: nothing outside it beats its last entry.
    const cutoff = ours.top[ours.top.length - 1].logprob;
    expect(Array.from(theirs).filter((v) => v > cutoff + 1e-4).length).toBeLessThanOrEqual(ours.top.length);
  });
});

describe('KV cache and legacy merged file', () => {
  it('decoding token by token with the KV cache gives the full forward pass logits', async () => {
    const ids = model.encodePrompt(TEXTS[4]);
    expect(ids.length).toBeGreaterThan(100);
    const full = await model.forward({ rows: [ids] });
    const split = 40;
    let step = await model.forward({ rows: [ids.slice(0, split)], wantPresent: true });
    expect(maxAbsDiff(logitsRow(step, 0, split - 1), logitsRow(full, 0, split - 1))).toBeLessThan(1e-4);
    for (let t = split; t < ids.length; t++) {
      step = await model.forward({ rows: [[ids[t]]], past: step.present, wantPresent: true });
      expect(step.present?.length).toBe(t + 1);
      expect(maxAbsDiff(logitsRow(step, 0, 0), logitsRow(full, 0, t))).toBeLessThan(1e-4);
    }
  });

  it('a right-padded batch gives each row its own logits', async () => {
    const rows = [model.encodePrompt('short one'), model.encodePrompt(TEXTS[1]), model.encodePrompt('a bit longer text here')];
    const batch = await model.forward({ rows });
    for (let b = 0; b < rows.length; b++) {
      const alone = await model.forward({ rows: [rows[b]] });
      for (let p = 0; p < rows[b].length; p++) expect(maxAbsDiff(logitsRow(batch, b, p), logitsRow(alone, 0, p))).toBeLessThan(1e-4);
    }
  });

  it('the legacy decoder_model_merged.onnx gives the same logits as model.onnx, with and without past', async () => {
    expect(merged.info.onnxFile).toBe('onnx/decoder_model_merged.onnx');
    expect(merged.io.hasUseCacheBranch).toBe(true);
    const ids = model.encodePrompt(TEXTS[3]);
    const a = await model.forward({ rows: [ids] });
    const b = await merged.forward({ rows: [ids] });
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
    const head = await merged.forward({ rows: [ids.slice(0, 5)], wantPresent: true });
    const tail = await merged.forward({ rows: [ids.slice(5)], past: head.present });
    for (let p = 5; p < ids.length; p++) expect(maxAbsDiff(logitsRow(tail, 0, p - 5), logitsRow(a, 0, p))).toBeLessThan(1e-4);
  });
});

describe('model facts', () => {
  it('reports the folder, sizes, provider and a content hash', () => {
    expect(model.info).toMatchObject({ modelType: 'gpt2', nLayer: 2, nHead: 4, hiddenSize: 64, vocabSize: 50257, contextLength: 1024, provider: 'cpu', onnxFile: 'onnx/model.onnx' });
    expect(model.info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(merged.info.sha256).not.toBe(model.info.sha256);
  });

  it('token pieces carry offsets that rebuild the text, emoji included', () => {
    for (const text of TEXTS) {
      const pieces = model.tokenizer.pieces(text);
      expect(pieces.map((p) => p.id)).toEqual(model.encodePrompt(text));
      expect(pieces.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].start).toBe(pieces[i - 1].end);
    }
  });
});
