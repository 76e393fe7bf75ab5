import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadExperimentSweep } from '../../src-main/experiments/spec/load-experiment.ts';
import { appRoot } from '../../src-main/paths.ts';
import { cli } from '../experiments/study-fixtures.ts';

/**
 * examples/reproduce: every file is the papers' protocol as written (checked field by field), and
 * every file runs through the real CLI on the default model. To keep the suite short the run uses
 * a copy with 1 seed, 6 test examples and, for sweeps, k in {0, 1}; the full files take about a
 * minute each on the default model (docs/REPRODUCE.md).
 */
const folder = path.join(appRoot, 'examples', 'reproduce');
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.yaml'));
let dir: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-reproduce-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('examples/reproduce', () => {
  it("Zhao et al.'s files sweep k in {0, 1, 4, 8} over seeds 0-4 with numpy's draws of 300 test examples", () => {
    const zhao = files.filter((f) => f.startsWith('zhao2021-'));
    expect(zhao.sort()).toEqual(['zhao2021-agnews.yaml', 'zhao2021-cb.yaml', 'zhao2021-rte.yaml', 'zhao2021-sst2.yaml', 'zhao2021-trec.yaml']);
    for (const file of zhao) {
      const { specs, shots } = loadExperimentSweep(path.join(folder, file));
      expect(shots).toEqual([0, 1, 4, 8]);
      for (const spec of specs) {
        expect(spec).toMatchObject({ seeds: [0, 1, 2, 3, 4], sampling: 'zhao2021', orders: 'first', calibration: ['none', 'contextual'], contentFree: ['N/A', '', '[MASK]'], contentFreeMode: 'block' });
        expect(spec.data.test).toMatchObject({ sample: 300, seed: 0 });
        expect(fs.existsSync(spec.data.train.path) && fs.existsSync(spec.data.test.path)).toBe(true);
      }
    }
  });

  it("Lu et al.'s file builds their probing set: generated with temperature 2, top-k 20, 128 tokens, 3- and 5-gram blocking", () => {
    const [spec] = loadExperimentSweep(path.join(folder, 'lu2022-sst2.yaml')).specs;
    expect(spec).toMatchObject({ shots: 4, seeds: [1, 2, 3, 4, 5], sampling: 'balanced', orders: 'all', calibration: ['none'] });
    expect(spec.probing).toEqual({ source: 'generated', seed: 0, temperature: 2, topK: 20, maxTokens: 128, noRepeatNgram: [3, 5], minWords: 5 });
  });

  for (const file of files) {
    it(`${file} runs on the default model`, async () => {
      const spec = YAML.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
      for (const role of ['train', 'test']) spec.data[role].path = path.resolve(folder, spec.data[role].path);
      spec.seeds = spec.seeds.slice(0, 1);
      spec.data.test.sample = 6;
      if (Array.isArray(spec.shots)) spec.shots = [0, 1];
      const copy = path.join(dir, file.replace('.yaml', '.json'));
      fs.writeFileSync(copy, JSON.stringify(spec));
      const db = path.join(dir, `${file}.db`);
      const result = await cli(['run', copy, '--db', db, '--json'], env());
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout);
      const summaries = out.sweep ? out.runs.map((r: { summary: unknown }) => r.summary) : [out];
      if (out.sweep) expect(out.rows.map((r: { shots: number; method: string }) => `${r.shots}/${r.method}`)).toEqual(['0/none', '0/contextual', '1/none', '1/contextual']);
      // The recompute script matches every number of each summary from its export.
      for (const summary of summaries) {
        const rows = path.join(dir, `${summary.runId}.jsonl`);
        const exported = await cli(['export', summary.runId, '--format', 'jsonl', '--out', rows, '--db', db], env());
        expect(exported.code, exported.stderr).toBe(0);
        const summaryFile = path.join(dir, `${summary.runId}.json`);
        fs.writeFileSync(summaryFile, JSON.stringify(summary));
        const check = spawnSync(process.execPath, [path.join(appRoot, 'scripts', 'recompute-summary.mjs'), summaryFile, rows], { encoding: 'utf8' });
        expect(JSON.parse(check.stdout).mismatches).toEqual([]);
      }
    });
  }
});
