import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { appRoot } from '../../src-main/paths.ts';
import { cli } from './study-fixtures.ts';

/**
 * examples/axes-sst2.yaml end to end on the default model through the real CLI: 3 templates x 2
 * verbalizers x 3 corruption rates in one run. Its summary and export carry each axis, the
 * recompute script matches every number (the spread ones too) from the export, each cell scores
 * the prompts its own template, label words and shown labels make (a one-cell run of the same
 * prompts gives the same scores), and a budget sample says what it sampled.
 */
const folder = path.join(appRoot, 'examples');
let dir: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

/** The example with its data paths made absolute, patched, written as JSON. */
function variant(name: string, patch: (spec: Record<string, unknown>) => void): string {
  const spec = YAML.parse(fs.readFileSync(path.join(folder, 'axes-sst2.yaml'), 'utf8'));
  for (const role of ['train', 'test']) spec.data[role].path = path.resolve(folder, spec.data[role].path);
  patch(spec);
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function runAndExport(file: string, db: string) {
  const result = await cli(['run', file, '--db', db, '--json'], env());
  expect(result.code, result.stderr).toBe(0);
  const summary = JSON.parse(result.stdout);
  const rowsFile = path.join(dir, `${summary.runId}.jsonl`);
  const exported = await cli(['export', summary.runId, '--format', 'jsonl', '--out', rowsFile, '--db', db], env());
  expect(exported.code, exported.stderr).toBe(0);
  const summaryFile = path.join(dir, `${summary.runId}.json`);
  fs.writeFileSync(summaryFile, JSON.stringify(summary));
  const check = spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, rowsFile], { encoding: 'utf8' });
  const rows = fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return { summary, rows, check: JSON.parse(check.stdout) };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-axes-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('examples/axes-sst2.yaml', () => {
  let full: Awaited<ReturnType<typeof runAndExport>>;

  it('runs 3 templates x 2 verbalizers x 3 corruption rates as one run whose summary and export carry each axis', async () => {
    full = await runAndExport(variant('axes', () => {}), path.join(dir, 'axes.db'));
    const { summary, rows, check } = full;
    const design = summary.details.design;
    expect(design.axes.map((a: { name: string; values: string[] }) => [a.name, a.values.length])).toEqual([['template', 3], ['labelWords', 2], ['labelCorruption', 3]]);
    expect(design).toMatchObject({ cells: 18, conditionsInDesign: 36, conditionsScored: 36, sample: null, corruption: 'flip' });
    // 18 cells x 2 seeds x 1 order, each with 2 methods; a row per axis value and method.
    expect(summary.conditions).toHaveLength(72);
    expect(new Set(summary.conditions.map((c: { cell: number }) => c.cell)).size).toBe(18);
    expect(design.perValue).toHaveLength((3 + 2 + 3) * 2);
    for (const r of design.perValue) expect(r.conditions).toBe(36 / design.axes.find((a: { name: string }) => a.name === r.axis).values.length);
    expect(design.spread.map((s: { axis: string }) => s.axis)).toEqual(['template', 'template', 'labelWords', 'labelWords', 'labelCorruption', 'labelCorruption']);
    expect(design.variance[0].factors.map((f: { factor: string }) => f.factor)).toEqual(['template', 'labelWords', 'labelCorruption', 'seed']);
    expect(design.templateEnsemble.map((e: { groups: number }) => e.groups)).toEqual([12, 12]);
    // Every export row names its cell's axis values and the demonstrations shown another label.
    expect(rows).toHaveLength(36 * 16);
    expect(new Set(rows.map((r) => JSON.stringify(r.axes))).size).toBe(18);
    for (const r of rows) {
      const rate = Number(r.axes.labelCorruption);
      expect(r.corrupted).toHaveLength(Math.round(rate * 4));
      for (const c of r.corrupted) expect(c.shown).toBe(c.gold === '0' ? '1' : '0');
    }
    expect(check.mismatches).toEqual([]);
    expect(check.designChecked).toBeGreaterThan(100);
  });

  it('scores each cell with its own prompts: a one-cell run of the same template, words and corruption gives the same scores', async () => {
    const cellRows = full.rows.filter((r) => r.axes.template === '{{input}} All in all, it was {{label}}' && r.axes.labelWords === '0: Apple; 1: Orange' && r.axes.labelCorruption === '0.5');
    const single = await runAndExport(
      variant('one-cell', (s) => {
        s.templates = ['{{input}} All in all, it was {{label}}'];
        s.labelWords = [{ '0': ['Apple'], '1': ['Orange'] }];
        s.labelCorruption = [0.5];
      }),
      path.join(dir, 'one-cell.db'),
    );
    expect(single.check.mismatches).toEqual([]);
    expect(single.rows).toHaveLength(cellRows.length);
    const byKey = new Map(cellRows.map((r) => [`${r.seed}/${r.exampleId}`, r]));
    for (const r of single.rows) {
      const twin = byKey.get(`${r.seed}/${r.exampleId}`)!;
      expect(r.corrupted).toEqual(twin.corrupted);
      expect(r.logprobs['0']).toBeCloseTo(twin.logprobs['0'], 4);
      expect(r.logprobs['1']).toBeCloseTo(twin.logprobs['1'], 4);
    }
    // And another cell's scores differ: the cells really are different prompts.
    const other = full.rows.find((r) => r.seed === 0 && r.exampleId === single.rows[0].exampleId && r.axes.labelWords !== '0: Apple; 1: Orange')!;
    expect(other.logprobs['0']).not.toBeCloseTo(single.rows[0].logprobs['0'], 4);
  });

  it('draws templates from the format grammar (FormatSpread) over task.template, each recorded as its string', async () => {
    const { summary, rows, check } = await runAndExport(
      variant('formats', (s) => {
        delete s.templates;
        s.task = { ...(s.task as object), template: 'Review: {{input}}\nSentiment: {{label}}' };
        s.formats = { sample: 3, seed: 1 };
        s.labelWords = [{ '0': ['Negative'], '1': ['Positive'] }];
        s.labelCorruption = [0];
        s.seeds = [0];
      }),
      path.join(dir, 'formats.db'),
    );
    const templates = summary.details.design.axes.find((a: { name: string }) => a.name === 'template').values;
    expect(templates).toHaveLength(3);
    expect(new Set(templates).size).toBe(3);
    // Each variant keeps the words and the fields; only casing, separators and the join change.
    for (const t of templates) expect(t.toLowerCase()).toMatch(/^review.*\{\{input\}\}.*sentiment.*\{\{label\}\}$/s);
    expect(new Set(rows.map((r) => r.axes.template))).toEqual(new Set(templates));
    expect(check.mismatches).toEqual([]);
  });

  it('scores a budget sample of the design and says so, with the estimate and its standard error', async () => {
    const { summary, check } = await runAndExport(variant('budget', (s) => (s.budget = { conditions: 10, seed: 3 })), path.join(dir, 'budget.db'));
    expect(summary.details.design.sample).toEqual({ conditions: 10, of: 36, seed: 3 });
    expect(summary.details.conditionsPlanned).toBe(10);
    expect(summary.details.design.estimate.map((e: { se: number }) => e.se > 0)).toEqual([true, true]);
    expect(check.mismatches).toEqual([]);
    // The table says it too.
    const table = await cli(['run', variant('budget-table', (s) => (s.budget = { conditions: 10, seed: 3 })), '--db', path.join(dir, 'budget-table.db')], env());
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/a sample of 10 of the design's 36 conditions \(budget, seed 3\)/);
    expect(table.stdout).toMatch(/estimate \(none\): mean [\d.]+%, standard error [\d.]+%/);
  });
});
