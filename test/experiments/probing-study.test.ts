import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.ts';
import { sampleDataFile } from '../support/sample-data.ts';
import { cli } from './study-fixtures.ts';

/**
 * Lu et al. 2022's order selection on a probing set the model generates (`probing.source:
 * generated`), end to end on the embedded default model through the real CLI: the probing set is
 * generated, parsed, stored with the order that generated each input, scored by every order; the
 * summary's GlobalE / LocalE equal a recomputation here from the stored scores, the export
 * recomputes with scripts/recompute-summary.mjs (and a changed probe score is caught), a second
 * run with the same seed builds the same set, and a run killed while scoring the probing set
 * resumes to the uninterrupted summary.
 */
let dir: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

interface ProbeRow {
  seed: number;
  order_index: number;
  probe_index: number;
  label_probs_json: string;
}

function studyFile(name: string, probing: Record<string, unknown>): string {
  const spec = {
    name,
    model: 'default',
    data: {
      train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2' },
      test: { path: sampleDataFile('sst2', 'stsa.binary.dev'), format: 'sst2', sample: 8, seed: 0 },
    },
    task: { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labels: { '0': ['negative'], '1': ['positive'] } },
    shots: 4,
    seeds: [1, 2],
    sampling: 'balanced',
    orders: { sample: 6, seed: 0 },
    calibration: ['none'],
    labelMode: 'full-sequence',
    contextPolicy: 'drop-oldest',
    probing: { source: 'generated', maxTokens: 96, size: 24, ...probing },
  };
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function runStudy(file: string, db: string, extraEnv: Record<string, string> = {}) {
  const result = await cli(['run', file, '--db', db, '--json'], { ...env(), ...extraEnv });
  return result;
}

/** Entropy in nats, written here apart from src-shared/analysis. */
const h = (p: number[]) => -p.filter((x) => x > 0).reduce((s, x) => s + x * Math.log(x), 0);

let summary: { runId: string; details: { entropy: { probing: Record<string, unknown> & { perSeed: Record<string, number>[] }; probes: { seed: number; orderIndex: number; globalE: number; localE: number }[] } } };
const mainDb = () => path.join(dir, 'main.db');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-probing-'));
  const result = await runStudy(studyFile('lu-generated', {}), mainDb());
  expect(result.code, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
}, 600_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('probing.source: generated', () => {
  it('stores each seed’s probing set with its report, and every order scored every input of it', () => {
    const probing = summary.details.entropy.probing;
    expect(probing).toMatchObject({ source: 'generated', settings: { temperature: 2, topK: 20, maxTokens: 96, noRepeatNgram: [3, 5], minWords: 5, size: 24, seed: 0 } });
    expect(probing.perSeed.map((s) => s.seed)).toEqual([1, 2]);
    const db = new BetterSqlite3(mainDb(), { readonly: true });
    try {
      for (const s of probing.perSeed) {
        expect(s.size).toBeGreaterThan(0);
        expect(s.size).toBeLessThanOrEqual(24);
        // Every parsed input is accounted for exactly once.
        expect(s.parsed).toBe(s.tooShort + s.duplicates + s.overLength + s.overSize + s.size);
        const report = JSON.parse(db.prepare('SELECT report_json FROM probe_sets WHERE run_id = ? AND seed = ?').pluck().get(summary.runId, s.seed) as string);
        // One generation per order and n-gram setting, each at most maxTokens long.
        expect(report.generations).toHaveLength(6 * 2);
        expect(report.generations.every((g: { tokens: number }) => g.tokens >= 1 && g.tokens <= 96)).toBe(true);
        const inputs = db.prepare('SELECT fields_json, source_order_index, no_repeat_ngram FROM probe_inputs WHERE run_id = ? AND seed = ?').all(summary.runId, s.seed) as { fields_json: string; source_order_index: number; no_repeat_ngram: number }[];
        expect(inputs).toHaveLength(s.size);
        const orders = new Set(db.prepare('SELECT order_index FROM conditions WHERE run_id = ? AND seed = ?').pluck().all(summary.runId, s.seed) as number[]);
        for (const input of inputs) {
          const fields = JSON.parse(input.fields_json);
          expect(Object.keys(fields)).toEqual(['input']);
          expect(fields.input.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(5);
          // The input is text the model really wrote after that order's prompt.
          const texts = report.generations.filter((g: { orderIndex: number; noRepeatNgram: number }) => g.orderIndex === input.source_order_index && g.noRepeatNgram === input.no_repeat_ngram);
          expect(texts.some((g: { text: string }) => g.text.includes(fields.input))).toBe(true);
          expect(orders.has(input.source_order_index)).toBe(true);
        }
        const scored = db.prepare('SELECT COUNT(*) FROM probe_results WHERE run_id = ? AND seed = ?').pluck().get(summary.runId, s.seed);
        expect(scored).toBe(orders.size * s.size);
      }
    } finally {
      db.close();
    }
  });

  it("gives GlobalE and LocalE equal to a recomputation from the stored probe scores", () => {
    const db = new BetterSqlite3(mainDb(), { readonly: true });
    const rows = db.prepare('SELECT seed, order_index, probe_index, label_probs_json FROM probe_results WHERE run_id = ? ORDER BY seed, order_index, probe_index').all(summary.runId) as ProbeRow[];
    db.close();
    const byCondition = new Map<string, number[][]>();
    for (const r of rows) {
      const raw = JSON.parse(r.label_probs_json) as Record<string, number>;
      const total = raw['0'] + raw['1'];
      const key = `${r.seed}/${r.order_index}`;
      if (!byCondition.has(key)) byCondition.set(key, []);
      byCondition.get(key)!.push([raw['0'] / total, raw['1'] / total]);
    }
    expect(summary.details.entropy.probes).toHaveLength(12);
    for (const probe of summary.details.entropy.probes) {
      const dists = byCondition.get(`${probe.seed}/${probe.orderIndex}`)!;
      const counts = [0, 0];
      for (const d of dists) counts[d[1] > d[0] ? 1 : 0]++;
      const floored = counts.map((n) => (n === 0 ? 1e-5 : n));
      const globalE = h(floored.map((n) => n / (floored[0] + floored[1])));
      const localE = dists.reduce((s, d) => s + h(d), 0) / dists.length;
      expect(probe.globalE).toBeCloseTo(globalE, 12);
      expect(probe.localE).toBeCloseTo(localE, 12);
    }
  });

  it('exports the probe rows; the recompute script matches, and catches a changed probe score', async () => {
    const rowsFile = path.join(dir, 'rows.jsonl');
    const exported = await cli(['export', summary.runId, '--format', 'jsonl', '--out', rowsFile, '--db', mainDb()], env());
    expect(exported.code, exported.stderr).toBe(0);
    const lines = fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const probes = lines.filter((r) => r.kind === 'probe');
    const sizes = summary.details.entropy.probing.perSeed.map((s) => s.size);
    expect(probes).toHaveLength(6 * (sizes[0] + sizes[1]));
    expect(probes[0]).toMatchObject({ kind: 'probe', runId: summary.runId, probe: { fields: { input: expect.any(String) }, generatedBy: { orderIndex: expect.any(Number), noRepeatNgram: expect.any(Number) } } });
    expect(lines.filter((r) => r.kind === undefined)).toHaveLength(12 * 8);
    const summaryFile = path.join(dir, 'summary.json');
    fs.writeFileSync(summaryFile, JSON.stringify(summary));
    const check = (file: string) => JSON.parse(spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, file], { encoding: 'utf8' }).stdout);
    expect(check(rowsFile).mismatches).toEqual([]);
    // Change one probe row's scores (and its logprobs to agree): its condition's LocalE no longer matches.
    const bad = lines.map((r) => (r === probes[0] ? { ...r, scores: { '0': 0.5, '1': 0.5 }, logprobs: { '0': -1, '1': -1 } } : r));
    const badFile = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(badFile, bad.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(check(badFile).mismatches.some((m: { field?: string }) => m.field === 'entropy.localE')).toBe(true);
  });

  it('builds the same probing set again from the same seed, and another from another seed', async () => {
    const inputsOf = (file: string) => {
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        return db.prepare('SELECT seed, probe_index, fields_json, source_order_index, no_repeat_ngram FROM probe_inputs ORDER BY seed, probe_index').all();
      } finally {
        db.close();
      }
    };
    const again = path.join(dir, 'again.db');
    expect((await runStudy(studyFile('lu-generated', {}), again)).code).toBe(0);
    expect(inputsOf(again)).toEqual(inputsOf(mainDb()));
    const other = path.join(dir, 'other.db');
    expect((await runStudy(studyFile('lu-generated-seed', { seed: 9 }), other)).code).toBe(0);
    expect(inputsOf(other)).not.toEqual(inputsOf(mainDb()));
  }, 600_000);

  it('resumes a run killed while scoring its probing set to the uninterrupted summary, storing each score once', async () => {
    const dbFile = path.join(dir, 'killed.db');
    // Seed 1 alone has 6 orders x (8 test + 3 content-free) = 66 prompts before its probing prompts.
    const killed = await runStudy(studyFile('lu-generated', {}), dbFile, { PROMPTSCOPE_FAULT_KILL_AT: '90' });
    expect(killed.code).not.toBe(0);
    const runId = /run (\S+) \(/.exec(killed.stderr)?.[1];
    const resumed = await cli(['run', '--resume', runId!, '--db', dbFile, '--json'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect({ ...JSON.parse(resumed.stdout), runId: undefined }).toEqual({ ...summary, runId: undefined });
    const db = new BetterSqlite3(dbFile, { readonly: true });
    const scored = db.prepare('SELECT COUNT(*) FROM probe_results').pluck().get();
    db.close();
    const sizes = summary.details.entropy.probing.perSeed.map((s) => s.size);
    expect(scored).toBe(6 * (sizes[0] + sizes[1]));
  }, 600_000);

  it('refuses a bad probing field in one line naming it', async () => {
    const file = studyFile('bad', { temperature: 0 });
    const result = await cli(['run', file, '--db', path.join(dir, 'bad.db')], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/probing\.temperature/);
  });
});
