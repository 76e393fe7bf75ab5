import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateContextual } from '../../../src-shared/calibration/contextual.ts';
import { attention } from '../attention.ts';
import { logitsRow, logSoftmax } from '../forward.ts';
import { generate } from '../generate.ts';
import { hiddenStates } from '../hidden-states.ts';
import { scoreLabels } from '../label-scores.ts';
import { ModelSession } from '../model-session.ts';
import { nextToken } from '../next-token.ts';
import { scoreNext } from '../score-next.ts';
import { MATRIX_DTYPES, lastLogSoftmax, loadReference, writeFamilyFixtures, type FamilyFixture, type Reference } from './testing/family-fixtures.ts';

/**
 * Every built family in every dtype, against transformers.js on the same folder: next-token
 * log-probabilities (1e-4 for fp32; same top-10 and 1e-2 for fp16 / q4), KV-cache decoding, label
 * scoring in both modes, greedy generation, attention, hidden states, and a 4-shot study with
 * contextual calibration whose label log-probs equal whole-prompt scoring with reuse on and off.
 */

const PROMPTS = ['Review: a gripping, funny film.\nSentiment:', 'naïve café 🙂 and the', 'The movie was'];
const DEMOS = [
  'Review: a stirring, funny and finally transporting film\nSentiment: good\n\n',
  'Review: apparently reassembled from the cutting-room floor\nSentiment: bad\n\n',
  'Review: the best film of the year\nSentiment: good\n\n',
  'Review: they presume their audience will not sit still\nSentiment: bad\n\n',
];
const QUERIES = ['Review: a warm and moving story\nSentiment:', 'Review: dull, long and empty\nSentiment:', 'Review: N/A\nSentiment:'];

let root: string;
let fixtures: FamilyFixture[] = [];
const models = new Map<string, ModelSession>();
const references = new Map<string, Reference>();

const key = (f: FamilyFixture) => `${f.family}/${f.dtype}`;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-families-'));
  fixtures = await writeFamilyFixtures(root);
  for (const f of fixtures) {
    models.set(key(f), await ModelSession.load(key(f), f.family, f.dir, { provider: 'cpu', dtype: f.dtype, prefixCacheBytes: 4 * 2 ** 20 }));
    references.set(key(f), await loadReference(root, f));
  }
}, 120_000);

afterAll(async () => {
  for (const m of models.values()) await m.dispose();
  for (const r of references.values()) await r.model.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};
const topIds = (row: ArrayLike<number>, k: number) => Array.from(row, (v, i) => [v, i]).sort((x, y) => y[0] - x[0]).slice(0, k).map(([, i]) => i);
const tolerance = (dtype: string) => (dtype === 'fp32' ? 1e-4 : 1e-2);

const CASES = MATRIX_DTYPES.flatMap((dtype) => ['gpt2', 'gpt_neox', 'opt', 'llama', 'qwen2', 'phi3'].map((family) => ({ family, dtype, name: `${family} ${dtype}` })));

describe.each(CASES)('$name', ({ family, dtype }) => {
  const model = () => models.get(`${family}/${dtype}`) as ModelSession;
  const reference = () => references.get(`${family}/${dtype}`) as Reference;

  it('next-token log-probabilities equal transformers.js, with its token ids (BOS where the post-processor adds one)', async () => {
    const m = model();
    expect(m.info.dtype).toBe(dtype);
    for (const text of PROMPTS) {
      const ours = await nextToken(m, text, 10);
      const inputs = reference().tokenizer(text);
      expect(ours.tokens).toEqual((inputs.input_ids.tolist() as bigint[][])[0].map(Number));
      const addsBos = family === 'opt' || family === 'llama';
      expect(ours.tokens[0] === m.info.bosTokenId).toBe(addsBos);
      const theirs = lastLogSoftmax((await reference().model(inputs)).logits);
      const full = logSoftmax(logitsRow(await m.forward({ rows: [ours.tokens] }), 0, ours.tokens.length - 1));
      expect(maxAbsDiff(full, theirs)).toBeLessThan(tolerance(dtype));
      expect(ours.top.map((t) => t.id)).toEqual(topIds(theirs, 10));
    }
  });

  it('decodes with the KV cache exactly as a full pass', async () => {
    const m = model();
    const ids = m.encodePrompt('Review: a gripping, funny film about the sea.');
    const full = await m.forward({ rows: [ids] });
    const state = await m.extendState(ids.slice(0, 6));
    const rest = await m.forward({ rows: [ids.slice(6)], past: state });
    for (let t = 6; t < ids.length; t++) expect(maxAbsDiff(logitsRow(rest, 0, t - 6), logitsRow(full, 0, t))).toBeLessThan(dtype === 'fp32' ? 1e-4 : 2e-2);
  });

  it('scores labels in first-token and full-sequence modes as the whole sequence does', async () => {
    const m = model();
    const prompt = PROMPTS[0];
    const first = await scoreLabels(m, prompt, ['good', 'terrible'], 'first-token');
    const seq = await scoreLabels(m, prompt, ['good', 'terrible'], 'full-sequence');
    const promptIds = m.encodePrompt(prompt);
    for (const [i, label] of seq.labels.entries()) {
      const run = await m.forward({ rows: [[...promptIds, ...label.tokenIds]] });
      let expected = 0;
      for (let t = 0; t < label.tokenIds.length; t++) expected += logSoftmax(logitsRow(run, 0, promptIds.length - 1 + t))[label.tokenIds[t]];
      expect(Math.abs(label.logprob - expected)).toBeLessThan(tolerance(dtype));
      expect(Math.abs(first.labels[i].logprob - logSoftmax(logitsRow(run, 0, promptIds.length - 1))[label.tokenIds[0]])).toBeLessThan(tolerance(dtype));
    }
  });

  it('generates greedily what transformers.js generates', async () => {
    const ids: number[] = [];
    await generate(model(), PROMPTS[2], { maxNewTokens: 5 }, (t) => ids.push(t.tokenId));
    const inputs = reference().tokenizer(PROMPTS[2]);
    const out = (await reference().model.generate({ ...inputs, max_new_tokens: 5, do_sample: false })) as { tolist(): bigint[][] };
    const promptLength = (inputs.input_ids.dims as number[])[1];
    expect(ids).toEqual(out.tolist()[0].map(Number).slice(promptLength, promptLength + ids.length));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('gives attention rows that are causal distributions, with the model layer and head counts', async () => {
    const m = model();
    const result = await attention(m, PROMPTS[0]);
    expect(result.layers).toBe(m.info.nLayer);
    expect(result.heads).toBe(m.info.nHead);
    const n = result.tokens.length;
    for (const layer of result.weights) {
      for (const head of layer) {
        for (let q = 0; q < n; q++) {
          let sum = 0;
          for (let k = 0; k < n; k++) {
            sum += head[q * n + k];
            if (k > q) expect(head[q * n + k]).toBe(0);
          }
          expect(Math.abs(sum - 1)).toBeLessThan(dtype === 'fp32' ? 1e-5 : 2e-3);
        }
      }
    }
  });

  it('gives hidden-state features of the model width', async () => {
    const m = model();
    const result = await hiddenStates(m, ['a warm film', 'a cold film'], 'last');
    expect(result.hiddenSize).toBe(m.info.hiddenSize);
    expect(result.vectors).toHaveLength(2);
    expect(maxAbsDiff(result.vectors[0], result.vectors[1])).toBeGreaterThan(1e-3);
  });

  it('runs a 4-shot study with contextual calibration whose label log-probs equal whole-prompt scoring, reuse on and off', async () => {
    const m = model();
    const labelIds = [' good', ' bad'].map((w) => m.tokenizer.encode(w, false)[0]);
    const whole = (suffix: string) => {
      const ids = m.encodePrompt(DEMOS.join('') + suffix);
      return m.forward({ rows: [ids] }).then((out) => logSoftmax(logitsRow(out, 0, ids.length - 1)));
    };
    for (const reuse of [true, false]) {
      const result = await scoreNext(m, { modelId: m.info.modelId, prefixParts: DEMOS, suffixes: QUERIES, tokenIds: labelIds, reuse });
      for (const [i, suffix] of QUERIES.entries()) {
        const expected = await whole(suffix);
        for (const [j, id] of labelIds.entries()) expect(Math.abs(result.logprobs[i][j] - expected[id])).toBeLessThan(tolerance(dtype));
      }
      const probs = result.logprobs.map((row) => row.map(Math.exp));
      const calibrated = calibrateContextual(probs[0], probs[2]);
      expect(calibrated.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });
});
