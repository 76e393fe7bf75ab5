import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, dumpDatabase, tinyModel } from '../../test/experiments/study-fixtures.ts';
import { sampleDataFile } from '../../test/support/sample-data.ts';

/**
 * The learning-curve workflow (docs/FINETUNE.md), through the real CLI and engine: an SST-2 learning curve on a generated
 * GPT-2 (budgets 4 and 8, two seeds, all five methods, 24 test examples, a 256-token context so the
 * prompt methods must shrink k), every summary number recomputed from the export, a saved head
 * applied by `classify`, and bad input refused with one line while the database stays as it was.
 */
let dir: string;
let modelDir: string;
let dbFile: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

interface Summary {
  runId: string;
  status: string;
  conditions: { budget: number; seed: number; method: string; kUsed: number; accuracy: number; macroF1: number }[];
  curves: Record<string, { budget: number; kUsed: number[]; accuracy: { mean: number; std: number; min: number; max: number }; macroF1: { mean: number; std: number; min: number; max: number } }[]>;
}
let summary: Summary;

function writeSpec(name: string, fields: Record<string, unknown>): string {
  const spec = {
    name,
    model: modelDir,
    data: {
      train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', sample: 200, seed: 0 },
      test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 24, seed: 0 },
    },
    task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } },
    budgets: [4, 8],
    seeds: [0, 1],
    ...fields,
  };
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-finetune-'));
  modelDir = await tinyModel(dir, 128);
  dbFile = path.join(dir, 'curves.db');
  const result = await cli(['finetune', writeSpec('sst2-curve', {}), '--db', dbFile, '--json', '--save-head', path.join(dir, 'heads')], env());
  expect(result.code, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Population std, as the summary defines it. */
function stats(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length), min: Math.min(...values), max: Math.max(...values) };
}

/** Macro-F1 over the task's two classes, written out here independently of src-shared/metrics. */
function macroF1(rows: { gold: string; predicted: string }[]): number {
  const f1 = ['0', '1'].map((c) => {
    const tp = rows.filter((r) => r.predicted === c && r.gold === c).length;
    const fp = rows.filter((r) => r.predicted === c && r.gold !== c).length;
    const fn = rows.filter((r) => r.predicted !== c && r.gold === c).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return (f1[0] + f1[1]) / 2;
}

describe('finetune learning curve on SST-2 through the CLI', () => {
  it('runs every (budget, seed, method) and fits the prompt to the context', () => {
    expect(summary.status).toBe('done');
    expect(summary.conditions).toHaveLength(2 * 2 * 5);
    expect(Object.keys(summary.curves).sort()).toEqual(['calibration-diagonal', 'calibration-full', 'head', 'prompt', 'prompt-contextual']);
    for (const c of summary.conditions) {
      if (c.method.startsWith('prompt')) expect(c.kUsed).toBeLessThanOrEqual(c.budget);
      else expect(c.kUsed).toBe(c.budget);
    }
    // 128 tokens cannot hold 8 SST-2 demonstrations plus the longest query.
    expect(summary.conditions.some((c) => c.method === 'prompt' && c.kUsed < c.budget)).toBe(true);
  });

  it('recomputes every number of the summary from the JSONL export', async () => {
    const exported = await cli(['finetune', '--export', summary.runId, '--db', dbFile], env());
    expect(exported.code, exported.stderr).toBe(0);
    const rows = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { budget: number; seed: number; method: string; kUsed: number; gold: string; predicted: string; probs: Record<string, number> });
    expect(rows).toHaveLength(20 * 24);
    for (const r of rows) {
      expect(r.probs['0'] + r.probs['1']).toBeCloseTo(1, 9);
      if (r.probs['0'] !== r.probs['1']) expect(r.predicted).toBe(r.probs['0'] > r.probs['1'] ? '0' : '1');
    }
    for (const c of summary.conditions) {
      const mine = rows.filter((r) => r.budget === c.budget && r.seed === c.seed && r.method === c.method);
      expect(mine).toHaveLength(24);
      expect(mine.every((r) => r.kUsed === c.kUsed)).toBe(true);
      expect(c.accuracy).toBeCloseTo(mine.filter((r) => r.predicted === r.gold).length / 24, 12);
      expect(c.macroF1).toBeCloseTo(macroF1(mine), 12);
    }
    for (const [method, points] of Object.entries(summary.curves)) {
      for (const p of points) {
        const at = summary.conditions.filter((c) => c.method === method && c.budget === p.budget);
        const acc = stats(at.map((c) => rows.filter((r) => r.method === method && r.budget === p.budget && r.seed === c.seed && r.predicted === r.gold).length / 24));
        for (const key of ['mean', 'std', 'min', 'max'] as const) expect(p.accuracy[key], `${method} k=${p.budget} ${key}`).toBeCloseTo(acc[key], 12);
        const f1 = stats(at.map((c) => macroF1(rows.filter((r) => r.method === method && r.budget === p.budget && r.seed === c.seed))));
        expect(p.macroF1.mean).toBeCloseTo(f1.mean, 12);
        expect(p.macroF1.std).toBeCloseTo(f1.std, 12);
      }
    }
    const csv = await cli(['finetune', '--export', summary.runId, '--format', 'csv', '--db', dbFile], env());
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('runId,budget,seed,method,kUsed,exampleId,gold,predicted,prob_0,prob_1');
    expect(lines).toHaveLength(1 + 20 * 24);
  });

  it('applies a saved head to new text with the same result as in the run', async () => {
    const headFile = path.join(dir, 'heads', 'head-k8-seed1.json');
    const exported = await cli(['finetune', '--export', summary.runId, '--db', dbFile], env());
    const row = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((r) => r.method === 'head' && r.budget === 8 && r.seed === 1);
    const line = Number(String(row.exampleId).split(':')[1]);
    const text = fs.readFileSync(sampleDataFile('sst2', 'stsa.binary.test'), 'utf8').split('\n')[line - 1].slice(2).trim();
    const result = await cli(['classify', '--head', headFile, '--text', text, '--text', 'a gorgeous , witty film', '--json'], env());
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    expect(out.predictions).toHaveLength(2);
    expect(out.predictions[0].probabilities['0']).toBeCloseTo(row.probs['0'], 5);
    expect(out.predictions[0].label).toBe(row.predicted);
    const cal = await cli(['classify', '--head', path.join(dir, 'heads', 'calibration-full-k4-seed0.json'), '--text', text, '--json'], env());
    expect(cal.code, cal.stderr).toBe(0);
    expect(Object.keys(JSON.parse(cal.stdout).predictions[0].probabilities)).toEqual(['0', '1']);
  });
});

describe('finetune bad input: one clear line, nothing lost', () => {
  async function refused(file: string, pattern: RegExp) {
    const before = dumpDatabase(dbFile);
    const result = await cli(['finetune', file, '--db', dbFile], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').filter((l) => !l.includes('warning'))).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(dumpDatabase(dbFile)).toBe(before);
  }

  it('refuses a budget larger than the training pool', async () => {
    const file = writeSpec('too-big', { data: { train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', sample: 10, seed: 0 }, test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 4 } }, budgets: [16] });
    await refused(file, /too-big\.json: budgets: 16 is larger than the 10 examples in the training pool/);
  });

  it('refuses a single-class training set', async () => {
    const train = path.join(dir, 'positive-only.txt');
    fs.writeFileSync(train, ['1 a fine film', '1 a good film', '1 great acting', '1 warm and funny', '1 a delight', ''].join('\n'));
    const file = writeSpec('one-class', { data: { train: { path: train, format: 'sst2' }, test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 4 } }, budgets: [4], seeds: [0], sampling: 'uniform' });
    await refused(file, /budgets: 4 \(seed 0\) draws a single-class training set \(every example is label "1"\)/);
  });

  it('refuses cached-only features of a model whose files changed, keeping the cache, then recomputes on request', async () => {
    const copy = path.join(dir, 'model-copy');
    fs.cpSync(modelDir, copy, { recursive: true });
    // Mean pooling here, last-token pooling in the main run: both go through the engine.
    const small = { model: copy, budgets: [4], seeds: [0], methods: ['head'], features: { pooling: 'mean' }, data: { train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', sample: 50, seed: 0 }, test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 6 } } };
    const first = await cli(['finetune', writeSpec('cache-fill', small), '--db', dbFile, '--json'], env());
    expect(first.code, first.stderr).toBe(0);
    const cacheFiles = () => fs.readdirSync(path.join(dir, 'home', 'feature-cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.feat')).sort();
    const cachedBefore = cacheFiles();
    // Same features from the cache alone while the model is unchanged.
    const again = await cli(['finetune', writeSpec('cache-only', { ...small, features: { pooling: 'mean', cache: 'only' } }), '--db', dbFile, '--json'], env());
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).conditions[0].accuracy).toBe(JSON.parse(first.stdout).conditions[0].accuracy);

    fs.appendFileSync(path.join(copy, 'config.json'), '\n');
    await refused(writeSpec('cache-only-changed', { ...small, features: { pooling: 'mean', cache: 'only' } }), /model-copy now hash to .*the model changed since its features were cached/);
    expect(cacheFiles()).toEqual(cachedBefore);
    // Refused before any database is opened: a new --db path is not even created.
    const fresh = path.join(dir, 'never-created.db');
    expect((await cli(['finetune', path.join(dir, 'cache-only-changed.json'), '--db', fresh], env())).code).toBe(1);
    expect(fs.existsSync(fresh)).toBe(false);

    const recomputed = await cli(['finetune', writeSpec('cache-use-changed', small), '--db', dbFile, '--json'], env());
    expect(recomputed.code, recomputed.stderr).toBe(0);
    expect(recomputed.stderr).toMatch(/recomputing \(the old cache is kept\)/);
    expect(cacheFiles().length).toBe(cachedBefore.length + 1);
  });
});
