import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/engine/host.ts';
import { loadExperimentFile } from '../../src-main/experiments/spec/load-experiment.ts';
import { prepareStudy } from '../../src-main/experiments/prepare-study.ts';
import { createStudyRun, executePreparedRun, resumeStudy, StudyCancelledError, type StudyProgress } from '../../src-main/experiments/study-runner.ts';
import { openDatabase, type Database } from '../../src-main/storage/database.ts';
import { countResults } from '../../src-main/storage/result-queries.ts';
import { getRun, listRuns } from '../../src-main/storage/run-queries.ts';
import { tinyModel, writeStudyFile } from './study-fixtures.ts';

/**
 * The runner in-process with one real EngineHost: progress reports, cancellation through an
 * AbortSignal between batches, resume, and domain-context calibration's extra inputs.
 */
let dir: string;
let engine: EngineHost;
let db: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-runner-'));
  const model = await tinyModel(dir);
  writeStudyFile(dir, 'runner', {
    model,
    shots: 2,
    seeds: [3],
    orders: 'all',
    sample: 6,
    calibration: ['none', 'contextual', 'batch', 'domain'],
    extra: { batchSize: 4, domain: { count: 3 } },
  });
  engine = new EngineHost();
  db = openDatabase(path.join(dir, 'runner.db'));
});

afterAll(async () => {
  db?.close();
  await engine?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('study runner', () => {
  it('cancels between batches, resumes, and reports progress up to the total', async () => {
    const { spec } = loadExperimentFile(path.join(dir, 'runner.json'));
    const controller = new AbortController();
    const seen: StudyProgress[] = [];
    // The product's path (the CLI's run, the API's studies.start): prepare, store, then score.
    const prepared = await prepareStudy(spec, engine);
    const runId = createStudyRun(db, prepared);
    await expect(
      executePreparedRun(runId, prepared, {
        db,
        engine,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.done >= 8) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(StudyCancelledError);
    const [run] = listRuns(db);
    // 2 orders x (6 tests + 3 content-free + 3 domain) prompts.
    expect(run).toMatchObject({ status: 'cancelled', totalPrompts: 24 });
    const stored = countResults(db, run.id);
    expect(stored.predictions + stored.priors).toBe(8);
    expect(seen[0]).toMatchObject({ done: 0, total: 24 });

    const resumedProgress: StudyProgress[] = [];
    const result = await resumeStudy(run.id, { db, engine, onProgress: (p) => resumedProgress.push(p) });
    expect(resumedProgress[0].done).toBe(8);
    expect(resumedProgress.at(-1)).toMatchObject({ done: 24, total: 24 });
    expect(getRun(db, run.id)).toMatchObject({ status: 'done' });
    expect(getRun(db, run.id)!.timings.scoringMs).toBeGreaterThan(0);
    expect(countResults(db, run.id)).toEqual({ predictions: 12, priors: 12 });

    const summary = result.summary;
    expect(Object.keys(summary.aggregate)).toEqual(['none', 'contextual', 'batch', 'domain']);
    expect(summary.conditions).toHaveLength(2 * 4);
    expect(summary.details.calibration.domain).not.toBeNull();
  });

  it('resumes a run with design axes to the summary an uninterrupted run gives, cell by cell', async () => {
    // The runner file with 2 templates x 2 verbalizers x 2 corruption rates: 8 cells x 2 orders.
    const base = JSON.parse(fs.readFileSync(path.join(dir, 'runner.json'), 'utf8'));
    const template = base.task.template as string;
    delete base.task.template;
    const axes = {
      ...base,
      name: 'runner-axes',
      templates: [template, `Text: {{input}}\nAnswer: {{label}}`],
      labelWords: [base.task.labels, Object.fromEntries(Object.keys(base.task.labels).map((c, i) => [c, [['yes', 'no', 'maybe'][i] ?? `w${i}`]]))],
      labelCorruption: [0, 1],
      corruption: 'flip',
      labelMode: 'full-sequence',
    };
    fs.writeFileSync(path.join(dir, 'runner-axes.json'), JSON.stringify(axes));
    const { spec } = loadExperimentFile(path.join(dir, 'runner-axes.json'));
    const prepared = await prepareStudy(spec, engine);
    expect(prepared.conditions).toHaveLength(16);
    const controller = new AbortController();
    const runId = createStudyRun(db, prepared);
    await expect(
      executePreparedRun(runId, prepared, { db, engine, signal: controller.signal, onProgress: (p) => p.done >= 70 && controller.abort() }),
    ).rejects.toBeInstanceOf(StudyCancelledError);
    const resumed = (await resumeStudy(runId, { db, engine })).summary;
    const whole = await executePreparedRun(createStudyRun(db, prepared), prepared, { db, engine });
    const strip = (s: typeof whole) => ({ conditions: s.conditions, aggregate: s.aggregate, design: s.details.design });
    expect(strip(resumed)).toEqual(strip(whole));
    expect(resumed.details.design?.cells).toBe(8);
    // Corruption 1 with flip: every demonstration of those cells shows the other class.
    const corrupted = prepared.conditions.filter((c) => c.levels.labelCorruption === 1);
    expect(corrupted.every((c) => c.corrupted.length === 2 && c.corrupted.every((d) => d.shown !== d.gold))).toBe(true);
  });
});
