import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.ts';
import type { SummaryDetails } from '../../src-main/experiments/summary.ts';
import { cli, tinyModel, writeStudyFile } from './study-fixtures.ts';

/**
 * The "must show": an SST-2 study on a generated GPT-2 (4 shots, all 24 orders, 2 seeds,
 * 20 test examples, none/contextual/batch) runs from an experiment file through the real CLI, and
 * an independent script recomputes every accuracy of the `--json` summary from the exported rows.
 */
let dir: string;
let dbFile: string;
let summary: { runId: string; conditions: { seed: number; orderIndex: number; method: string; accuracy: number }[]; aggregate: Record<string, { mean: number; std: number; min: number; max: number }>; details: Record<string, unknown> };
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-sst2-'));
  const model = await tinyModel(dir);
  const file = writeStudyFile(dir, 'sst2-order-study', { model, shots: 4, seeds: [0, 1], orders: 'all', sample: 20 });
  dbFile = path.join(dir, 'study.db');
  const result = await cli(['run', file, '--db', dbFile, '--json'], env());
  expect(result.code, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SST-2 order study through the CLI', () => {
  it('prints the CONTRACT.md summary: every (seed, order, method) and population-std aggregates', () => {
    expect(summary.conditions).toHaveLength(2 * 24 * 3);
    expect(Object.keys(summary.aggregate)).toEqual(['none', 'contextual', 'batch']);
    const none = summary.conditions.filter((c) => c.method === 'none').map((c) => c.accuracy);
    const mean = none.reduce((a, b) => a + b, 0) / none.length;
    expect(summary.aggregate.none.mean).toBeCloseTo(mean, 12);
    expect(summary.aggregate.none.std).toBeCloseTo(Math.sqrt(none.reduce((s, v) => s + (v - mean) ** 2, 0) / none.length), 12);
    // Accuracies over 20 test examples are multiples of 1/20.
    for (const c of summary.conditions) expect(Math.abs(c.accuracy * 20 - Math.round(c.accuracy * 20))).toBeLessThan(1e-9);
  });

  it('exports rows from which an independent script recomputes every accuracy exactly', async () => {
    const rowsFile = path.join(dir, 'rows.jsonl');
    const exported = await cli(['export', summary.runId, '--format', 'jsonl', '--out', rowsFile, '--db', dbFile], env());
    expect(exported.code, exported.stderr).toBe(0);
    const rows = fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2 * 24 * 20);
    expect(Object.keys(rows[0])).toEqual(['runId', 'seed', 'orderIndex', 'order', 'shots', 'droppedDemos', 'exampleId', 'gold', 'scores', 'logprobs', 'contentFree', 'contentFreeInputs', 'calibrated', 'predicted']);
    expect(rows[0].order).toHaveLength(4);

    const summaryFile = path.join(dir, 'summary.json');
    fs.writeFileSync(summaryFile, JSON.stringify(summary));
    const check = spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, rowsFile], { encoding: 'utf8' });
    const report = JSON.parse(check.stdout);
    expect(report.mismatches).toEqual([]);
    expect(report).toMatchObject({ rows: 960, conditionsChecked: 144, notRecomputed: [] });
    expect(check.status).toBe(0);

    // The script is not vacuous: a changed prediction is caught.
    rows[0].predicted.none = rows[0].predicted.none === '0' ? '1' : '0';
    fs.writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, rowsFile]).status).toBe(1);
  });

  it('exports CSV and lm-evaluation-harness samples, and lists the run', async () => {
    const csv = await cli(['export', summary.runId, '--format', 'csv', '--db', dbFile], env());
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'runId,seed,orderIndex,order,shots,droppedDemos,exampleId,gold,score_0,score_1,logprob_0,logprob_1,contentFree_0,contentFree_1,' +
        'cf0_logprob_0,cf0_logprob_1,cf1_logprob_0,cf1_logprob_1,cf2_logprob_0,cf2_logprob_1,' +
        'calibrated_none_0,calibrated_none_1,calibrated_contextual_0,calibrated_contextual_1,calibrated_batch_0,calibrated_batch_1,predicted_none,predicted_contextual,predicted_batch',
    );
    expect(lines).toHaveLength(1 + 960);

    const lm = await cli(['export', summary.runId, '--format', 'lm-eval', '--db', dbFile], env());
    expect(lm.code, lm.stderr).toBe(0);
    const samples = lm.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(samples).toHaveLength(960);
    const s = samples[0];
    expect(s).toMatchObject({ doc_id: 0, target: expect.any(Number), acc: expect.any(Number), acc_contextual: expect.any(Number), seed: 0, orderIndex: 0 });
    expect(s.arguments.gen_args_1.arg_1).toBe(' Positive');
    expect(s.arguments.gen_args_0.arg_0).toMatch(/^Review: .*\nSentiment: (Negative|Positive)\n\nReview: [\s\S]*\nSentiment:$/);
    expect(s.resps).toHaveLength(2);
    expect(Number(s.filtered_resps[0][0])).toBeLessThan(0);
    const accNone = samples.filter((x) => x.seed === 0 && x.orderIndex === 0).reduce((a, x) => a + x.acc, 0) / 20;
    expect(accNone).toBe(summary.conditions.find((c) => c.seed === 0 && c.orderIndex === 0 && c.method === 'none')!.accuracy);

    const list = await cli(['runs', 'list', '--json', '--db', dbFile], env());
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ runId: summary.runId, status: 'done', totalPrompts: 48 * 23, storedPrompts: 48 * 23 })]);
  });

  it('includes the bias and order-selection analyses', () => {
    const d = summary.details as unknown as SummaryDetails;
    expect(d.flipRate.none.perSeed).toHaveLength(2);
    expect(d.contentFree).toHaveLength(48);
    expect(d.contentFree[0].perInput.map((r: { input: string }) => r.input)).toEqual(['N/A', '', '[MASK]']);
    expect(d.entropy.probes).toHaveLength(48);
    expect(d.calibration.batch).toBeNull();
    expect(d.calibration.none!.ece.mean).toBeGreaterThanOrEqual(0);
    expect(Object.values(d.predictedDistribution.none).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(d.recency.none.rate).toBeGreaterThanOrEqual(0);
  });
});
