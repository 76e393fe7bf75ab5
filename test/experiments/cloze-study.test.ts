import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthEncoder } from '../../src-main/engine/synth/encoder.ts';
import type { SummaryDetails } from '../../src-main/experiments/summary.ts';
import { appRoot } from '../../src-main/paths.ts';
import { cli, dumpDatabase, writeStudyFile } from './study-fixtures.ts';

/**
 * A cloze-style 4-shot study (LM-BFF: demonstrations filled in, the query's label slot masked) on a
 * synthetic BERT through the real CLI, with contextual calibration: stored, exported, and every
 * accuracy recomputed by the independent script from the exported rows.
 */
let dir: string;
let model: string;
let dbFile: string;
let runStderr: string;
let summary: { runId: string; conditions: { method: string; accuracy: number }[]; aggregate: Record<string, { mean: number }>; details: Record<string, unknown> };
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });
const cloze = { template: 'Review: {{input}}\nIt was {{label}}.', labels: { '0': ['bad'], '1': ['good'] } };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-cloze-'));
  model = path.join(dir, 'bert');
  await synthEncoder({ family: 'bert', outDir: model, layers: 2, hidden: 32, heads: 4, vocab: 2000, ctx: 512, seed: 2 });
  const file = writeStudyFile(dir, 'cloze-study', { model, shots: 4, seeds: [0], orders: { sample: 3, seed: 0 }, sample: 12, calibration: ['none', 'contextual', 'batch'], task: cloze });
  dbFile = path.join(dir, 'study.db');
  const result = await cli(['run', file, '--db', dbFile, '--json'], env());
  expect(result.code, result.stderr).toBe(0);
  runStderr = result.stderr;
  summary = JSON.parse(result.stdout);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cloze study on an encoder', () => {
  it('scores every condition with and without contextual calibration, from the content-free inputs', () => {
    expect(summary.conditions).toHaveLength(3 * 3);
    const d = summary.details as unknown as SummaryDetails;
    expect(d.contentFree[0].perInput.map((r) => r.input)).toEqual(['N/A', '', '[MASK]']);
    // Contextual calibration divides by a non-uniform prior, so it changes some prediction.
    expect(d.contentFree[0].tvd).toBeGreaterThan(0);
    // "[MASK]" as a content-free input is BERT's own mask token: the run says what that means.
    expect(runStderr).toMatch(/warning: contentFree: "\[MASK\]" holds bert's mask token \[MASK\]: its prompts have a second mask/);
  });

  it('exports rows from which the recompute script gets every accuracy', async () => {
    const rowsFile = path.join(dir, 'rows.jsonl');
    const exported = await cli(['export', summary.runId, '--format', 'jsonl', '--out', rowsFile, '--db', dbFile], env());
    expect(exported.code, exported.stderr).toBe(0);
    const rows = fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3 * 12);
    expect(rows[0].scores['0'] + rows[0].scores['1']).toBeCloseTo(1, 9);
    const summaryFile = path.join(dir, 'summary.json');
    fs.writeFileSync(summaryFile, JSON.stringify(summary));
    const check = spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, rowsFile], { encoding: 'utf8' });
    expect(JSON.parse(check.stdout)).toMatchObject({ mismatches: [], rows: 36, conditionsChecked: 9, notRecomputed: [] });
    expect(check.status).toBe(0);

    // lm-eval samples show the prompt as the encoder read it: demonstrations filled in, the query's slot masked.
    const lm = await cli(['export', summary.runId, '--format', 'lm-eval', '--db', dbFile], env());
    expect(lm.code, lm.stderr).toBe(0);
    const sample = JSON.parse(lm.stdout.split('\n')[0]);
    expect(sample.arguments.gen_args_0.arg_0).toMatch(/^Review: .*\nIt was (bad|good)\.\n\nReview: [\s\S]*\nIt was \[MASK\]\.$/);
  });

  it('refuses, in one line and storing nothing, a label word of several tokens and a template without a mask slot', async () => {
    const before = dumpDatabase(dbFile);
    const multi = writeStudyFile(dir, 'multi', { model, sample: 4, seeds: [0], orders: 'first', task: { ...cloze, labels: { '0': ['bad'], '1': ['wonderfulness'] } } });
    const r1 = await cli(['run', multi, '--db', dbFile], env());
    expect(r1.code).not.toBe(0);
    expect(r1.stderr.trim().split('\n')).toHaveLength(1);
    expect(r1.stderr).toMatch(/task\.labels\.1: label word " wonderfulness" is \d+ tokens for this tokenizer \("[^"]+"( \+ "[^"]+")+\); a cloze study scores one token at the mask/);
    const noSlot = writeStudyFile(dir, 'noslot', { model, sample: 4, seeds: [0], orders: 'first', task: { ...cloze, template: 'Review: {{input}}' } });
    const r2 = await cli(['run', noSlot, '--db', dbFile], env());
    expect(r2.code).not.toBe(0);
    expect(r2.stderr.trim().split('\n')).toHaveLength(1);
    expect(r2.stderr).toMatch(/task\.template: .* has no \{\{label\}\}/);
    expect(dumpDatabase(dbFile)).toBe(before);
  }, 60_000);
});
