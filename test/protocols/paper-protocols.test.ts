import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/engine/host.ts';
import { loadDataset } from '../../src-main/experiments/datasets/load-dataset.ts';
import { resolveLabelTokens } from '../../src-main/experiments/label-tokens.ts';
import { scoreQueries } from '../../src-main/finetune/label-probabilities.ts';
import { exportRows } from '../../src-main/experiments/export/export-rows.ts';
import { loadRunData } from '../../src-main/experiments/run-data.ts';
import { parseExperiment } from '../../src-main/experiments/spec/load-experiment.ts';
import { runStudy } from '../support/run-study.ts';
import { openDatabase, type Database } from '../../src-main/storage/database.ts';
import { listRuns } from '../../src-main/storage/run-queries.ts';
import type { ExportRow } from '../../src-shared/experiments/export-row.ts';
import { tinyModel } from '../experiments/study-fixtures.ts';
import { sampleDataFile } from '../support/sample-data.ts';

/**
 * The papers' protocols against independent computations: full-sequence label scores against
 * `score --mode full-sequence` on a prompt built here by hand, drop-oldest / truncate-input prompts
 * rescored from what the export says was in them, zhao2021 draws against numpy itself.
 */
let dir: string;
let engine: EngineHost;
let db: Database;
let model: string;
let smallModel: string;
const trainFile = sampleDataFile('sst2', 'stsa.binary.train');
const testFile = sampleDataFile('sst2', 'stsa.binary.test');
const train = loadDataset({ path: trainFile, format: 'sst2' });
const test = loadDataset({ path: testFile, format: 'sst2' });
const byId = new Map([...train, ...test].map((r) => [r.id, r]));

// Zhao et al.'s construct_prompt for SST-2, written out: "Review: x\nSentiment: word\n\n" per demonstration.
const demoText = (id: string, words: Record<string, string[]>) => `Review: ${byId.get(id)!.text}\nSentiment: ${words[byId.get(id)!.label][0]}\n\n`;
const queryText = (text: string) => `Review: ${text}\nSentiment:`;

function spec(extra: Record<string, unknown>, m = model) {
  return parseExperiment({
    name: 'protocols',
    model: m,
    data: { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', sample: 4, seed: 0 } },
    task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } },
    shots: 1,
    seeds: [0],
    orders: 'first',
    calibration: ['none', 'contextual'],
    batchSize: 8,
    ...extra,
  });
}

async function run(extra: Record<string, unknown>, m = model): Promise<{ rows: ExportRow[]; summary: Awaited<ReturnType<typeof runStudy>>['summary']; warnings: string[] }> {
  const result = await runStudy(spec(extra, m), { db, engine });
  return { rows: exportRows(loadRunData(db, result.runId)), summary: result.summary, warnings: result.warnings };
}

async function classLogprob(modelId: string, prompt: string, words: string[], mode: 'full-sequence' | 'first-token', normalise = false): Promise<number> {
  const scored = await engine.scoreLabels(modelId, prompt, words, mode);
  return Math.log(scored.labels.reduce((s, l) => s + Math.exp(normalise ? l.logprob / l.tokenIds.length : l.logprob), 0));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-protocols-'));
  model = await tinyModel(dir);
  smallModel = await tinyModel(dir, 128);
  engine = new EngineHost();
  db = openDatabase(path.join(dir, 'protocols.db'));
});

afterAll(async () => {
  db?.close();
  await engine?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('labelMode full-sequence', () => {
  const labels = { '0': ['Negative sentiment', 'Bad'], '1': ['Positive sentiment'] };

  it('scores each class as the summed probability of its words\' whole token sequences, test and content-free inputs alike', async () => {
    const { rows, summary } = await run({ task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels }, labelMode: 'full-sequence', shots: 2 });
    expect(summary.details.protocol?.labelMode).toBe('full-sequence');
    const { modelId } = await engine.load(model);
    const prefix = rows[0].order.map((id) => demoText(id, labels)).join('');
    for (const row of rows) {
      const prompt = prefix + queryText(byId.get(row.exampleId)!.text);
      for (const cls of ['0', '1']) expect(Math.abs(row.logprobs[cls] - (await classLogprob(modelId, prompt, labels[cls as '0' | '1'], 'full-sequence')))).toBeLessThan(1e-4);
    }
    // Content-free inputs go through the same scoring: "N/A" as the whole input block.
    const na = rows[0].contentFreeInputs[0];
    expect(na.input).toBe('N/A');
    for (const cls of ['0', '1']) expect(Math.abs(na.logprobs[cls] - (await classLogprob(modelId, prefix + queryText('N/A'), labels[cls as '0' | '1'], 'full-sequence')))).toBeLessThan(1e-4);
    // Not the first-token score: the words share no first token across... but their second tokens count.
    const firstOnly = await classLogprob(modelId, prefix + queryText(byId.get(rows[0].exampleId)!.text), labels['1'], 'first-token');
    expect(Math.abs(firstOnly - rows[0].logprobs['1'])).toBeGreaterThan(1e-3);
  });

  it('length-normalized takes the mean log-probability per token of each word', async () => {
    const { rows } = await run({ task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels }, labelMode: 'length-normalized' });
    const { modelId } = await engine.load(model);
    const row = rows[0];
    const prompt = row.order.map((id) => demoText(id, labels)).join('') + queryText(byId.get(row.exampleId)!.text);
    expect(Math.abs(row.logprobs['0'] - (await classLogprob(modelId, prompt, labels['0'], 'full-sequence', true)))).toBeLessThan(1e-4);
  });

  it('learning curves score prompts the same way (scoreQueries through scoreNext continuations)', async () => {
    const info = await engine.load(model);
    const labelTokens = await resolveLabelTokens(engine, info, { classes: ['0', '1'], task: { labels }, labelMode: 'full-sequence' });
    const prefix = [demoText(train[0].id, labels)];
    const queries = test.slice(0, 3).map((r) => queryText(r.text));
    const raw = await scoreQueries(engine, info.modelId, prefix, queries, labelTokens, 2);
    for (const [i, query] of queries.entries()) {
      for (const [c, cls] of (['0', '1'] as const).entries()) expect(Math.abs(Math.log(raw[i][c]) - (await classLogprob(info.modelId, prefix[0] + query, labels[cls], 'full-sequence')))).toBeLessThan(1e-4);
    }
  });

  it('single-token still refuses a split word, naming full-sequence as the way out', async () => {
    await expect(runStudy(spec({ task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels } }), { db, engine })).rejects.toThrow(/is 2 tokens .*labelMode: full-sequence/);
  });
});

describe('contextPolicy', () => {
  it('drop-oldest: the exported demonstrations are exactly those in the prompt (rescoring them reproduces every score)', async () => {
    const { rows, summary, warnings } = await run({ shots: 4, contextPolicy: 'drop-oldest', data: { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', sample: 3, seed: 0 } }, seeds: [0, 1] }, smallModel);
    const dropping = rows.filter((r) => r.droppedDemos.length > 0);
    expect(dropping.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/drop-oldest: \d+ demonstrations left out/);
    expect(summary.details.warnings?.join('\n')).toMatch(/drop-oldest/);
    const { modelId } = await engine.load(smallModel);
    const labels = { '0': ['Negative'], '1': ['Positive'] };
    for (const row of dropping.slice(0, 3)) {
      expect(row.shots).toBe(4 - row.droppedDemos.length);
      const prompt = (ids: string[]) => ids.map((id) => demoText(id, labels)).join('') + queryText(byId.get(row.exampleId)!.text);
      expect(Math.abs(row.logprobs['1'] - (await classLogprob(modelId, prompt(row.order), ['Positive'], 'first-token')))).toBeLessThan(1e-4);
    }
    // Majority-label patterns count only the demonstrations in the prompt.
    const patterns = summary.details.majorityLabel.none;
    const shotsSeen = new Set(summary.conditions.map((c) => c.shots));
    for (const p of patterns) expect(shotsSeen.has(p.pattern.split(',').reduce((s, part) => s + Number(part.split(':')[1]), 0))).toBe(true);
    for (const c of summary.conditions) expect(c.order).toHaveLength(c.shots!);
  });

  it('skip-example leaves over-long test examples out and says how many; truncate-input cuts the input from the left to fit', async () => {
    // The longest training sentence (about 80 tokens) as the one demonstration, then the two longest
    // test sentences (about 65 tokens) cannot fit a 128-token context; a short one can.
    const longTrain = train.slice().sort((a, b) => b.text.length - a.text.length)[0].id;
    const ids = test.slice().sort((a, b) => b.text.length - a.text.length).slice(0, 2).map((r) => r.id).concat(test[0].id);
    const data = { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', ids } };
    const pinned = { shots: undefined, demonstrations: { ids: [longTrain] }, data };
    const skipped = await run({ ...pinned, contextPolicy: 'skip-example' }, smallModel);
    expect(skipped.warnings.join('\n')).toMatch(/skip-example: \d+ test examples left out/);
    const kept = new Set(skipped.rows.map((r) => r.exampleId));
    expect(kept.has(test[0].id)).toBe(true);
    expect(kept.size).toBeLessThan(3);

    const cut = await run({ ...pinned, contextPolicy: 'truncate-input', truncateSide: 'left' }, smallModel);
    expect(cut.warnings.join('\n')).toMatch(/truncate-input: \d+ test examples had their input field cut from the left/);
    const { modelId } = await engine.load(smallModel);
    const stored = loadRunData(db, cut.summary.runId).tests;
    expect(stored.map((t) => t.exampleId)).toEqual(ids);
    const longest = stored.find((t) => t.exampleId === ids[0])!;
    const original = byId.get(ids[0])!.text;
    expect(longest.fields.input.length).toBeLessThan(original.length);
    expect(original.endsWith(longest.fields.input)).toBe(true);
    const row = cut.rows.find((r) => r.exampleId === ids[0])!;
    const prompt = row.order.map((id) => demoText(id, { '0': ['Negative'], '1': ['Positive'] })).join('') + queryText(longest.fields.input);
    expect((await engine.tokenize(modelId, prompt)).length).toBeLessThanOrEqual(128);
    expect(Math.abs(row.logprobs['0'] - (await classLogprob(modelId, prompt, ['Negative'], 'first-token')))).toBeLessThan(1e-4);
  });
});

describe('pinned and paper draws', () => {
  it('demonstrations.ids per seed and data.test.ids are used exactly, shots taken from the list', async () => {
    const ids = { '0': [train[5].id, train[2].id], '3': [train[9].id, train[1].id] };
    const testIds = [test[7].id, test[3].id];
    const { rows, summary } = await run({ shots: undefined, seeds: [0, 3], demonstrations: { ids }, data: { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', ids: testIds } } });
    expect(summary.conditions.filter((c) => c.method === 'none').map((c) => [c.seed, c.order])).toEqual([
      [0, ids['0']],
      [3, ids['3']],
    ]);
    expect(rows.filter((r) => r.seed === 0).map((r) => r.exampleId)).toEqual(testIds);
  });

  it('pinned demonstrations are always drawn and excluded ones never', async () => {
    const { summary } = await run({ shots: 3, seeds: [0, 1, 2], sampling: 'balanced', demonstrations: { pinned: [train[0].id], excluded: [train[1].id, train[2].id] } });
    for (const c of summary.conditions) {
      expect(c.order).toContain(train[0].id);
      expect(c.order).not.toContain(train[1].id);
    }
  });

  it("sampling zhao2021 draws the test subsample and each seed's demonstrations as numpy does", async () => {
    const { rows, summary } = await run({ shots: 4, seeds: [0, 1, 4], sampling: 'zhao2021', data: { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', sample: 5, seed: 0 } } });
    const script = `import json, numpy as np
np.random.seed(0)
t = np.random.choice(${test.length}, 5, replace=False).tolist()
d = {}
for s in [0, 1, 4]:
    np.random.seed(s)
    d[s] = np.random.choice(${train.length}, 4, replace=False).tolist()
print(json.dumps([t, d]))`;
    const [testIdx, demoIdx] = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })) as [number[], Record<string, number[]>];
    expect(rows.filter((r) => r.seed === 0).map((r) => r.exampleId)).toEqual(testIdx.map((i) => test[i].id));
    for (const seed of [0, 1, 4]) expect(summary.conditions.find((c) => c.seed === seed)!.order).toEqual(demoIdx[seed].map((i) => train[i].id));
  });
});

describe('calibrated probabilities', () => {
  it("default to the paper's softmax(W p) form, and the ratio is a named alternative with the same decisions", async () => {
    const softmax = await run({ shots: 2 });
    const ratio = await run({ shots: 2, calibratedProbabilities: 'ratio' });
    expect(softmax.summary.details.protocol?.calibratedProbabilities).toBe('softmax');
    expect(ratio.summary.details.protocol?.calibratedProbabilities).toBe('ratio');
    const row = softmax.rows[0];
    const w = ['0', '1'].map((c) => row.scores[c] / row.contentFree[c]);
    const z = w.map(Math.exp);
    expect(row.calibrated.contextual['1']).toBeCloseTo(z[1] / (z[0] + z[1]), 12);
    expect(ratio.rows[0].calibrated.contextual['1']).toBeCloseTo(w[1] / (w[0] + w[1]), 12);
    expect(softmax.rows.map((r) => r.predicted.contextual)).toEqual(ratio.rows.map((r) => r.predicted.contextual));
  });
});

describe('validation', () => {
  it('names the field of every bad protocol value in one line and stores nothing', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ contentFreeMode: 'whole' }, /contentFreeMode/],
      [{ calibratedProbabilities: 'odds' }, /calibratedProbabilities/],
      [{ contextPolicy: 'truncate-input', truncateSide: 'middle' }, /truncateSide/],
      [{ labelMode: 'all-tokens' }, /labelMode/],
      [{ sampling: 'zhao2021', demonstrations: { pinned: ['x'] } }, /sampling: zhao2021 draws from the whole training pool/],
      [{ demonstrations: { ids: ['a', 'b'] }, shots: 3 }, /shots: is 3 but demonstrations.ids lists 2/],
      [{ demonstrations: { ids: { '0': ['a'] } }, seeds: [0, 1] }, /demonstrations.ids: has no list for seed 1/],
      [{ demonstrations: { pinned: ['a'], excluded: ['a'] } }, /a is both pinned and excluded/],
    ];
    for (const [extra, message] of bad) {
      let error: Error | undefined;
      try {
        spec(extra);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message, JSON.stringify(extra)).toMatch(message);
      expect(error!.message.split('\n')).toHaveLength(1);
    }
    const before = listRuns(db).length;
    await expect(runStudy(spec({ demonstrations: { ids: ['stsa.binary.train:999999'] }, shots: undefined }), { db, engine })).rejects.toThrow(/demonstrations.ids: "stsa.binary.train:999999" is not a row of/);
    await expect(runStudy(spec({ data: { train: { path: trainFile, format: 'sst2' }, test: { path: testFile, format: 'sst2', ids: ['nope'] } } }), { db, engine })).rejects.toThrow(/data.test.ids: "nope" is not a row of/);
    expect(listRuns(db)).toHaveLength(before);
  });
});
