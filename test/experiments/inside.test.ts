import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classProbs, goldMargin } from '../../src-shared/inside/label-math.ts';
import { EngineHost } from '../../src-main/engine/host.ts';
import { conditionPrompts, demoTokenPositions } from '../../src-main/experiments/inside/condition-prompts.ts';
import { demoAttribution } from '../../src-main/experiments/inside/demo-attribution.ts';
import { headAblation } from '../../src-main/experiments/inside/head-ablation.ts';
import { flipLabels, loadInsideSetup, pickCondition, type InsideSetup } from '../../src-main/experiments/inside/inside-setup.ts';
import { labelKnockout } from '../../src-main/experiments/inside/label-knockout.ts';
import { compareLens } from '../../src-main/experiments/inside/label-lens.ts';
import { scoreConditions } from '../../src-main/experiments/condition-scores.ts';
import { loadRunData } from '../../src-main/experiments/run-data.ts';
import { loadExperimentFile } from '../../src-main/experiments/spec/load-experiment.ts';
import { runStudy } from '../support/run-study.ts';
import { openDatabase, type Database } from '../../src-main/storage/database.ts';
import { cli, tinyModel, writeStudyFile } from './study-fixtures.ts';

/**
 * The inside-the-model analyses on a stored run of a real study: tiny GPT-2, real engine, real
 * SQLite. The label lens's last layer must be the study's own probabilities, leave-one-out on one
 * demonstration the zero-shot difference, and the Shapley values must add up.
 */
let dir: string;
let modelDir: string;
let engine: EngineHost;
let db: Database;
let runId: string;
let setup: InsideSetup;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-inside-'));
  modelDir = await tinyModel(dir);
  writeStudyFile(dir, 'inside', { model: modelDir, shots: 2, seeds: [0, 1], orders: 'all', sample: 6, calibration: ['none'] });
  engine = new EngineHost();
  db = openDatabase(path.join(dir, 'inside.db'));
  runId = (await runStudy(loadExperimentFile(path.join(dir, 'inside.json')).spec, { db, engine })).runId;
  setup = await loadInsideSetup(db, runId, engine, 6);
});

afterAll(async () => {
  db?.close();
  await engine?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe('inside analyses on a stored run', () => {
  it('label lens: the last layer equals the study\'s stored label probabilities; clean and flipped share the embeddings', async () => {
    const best = pickCondition(setup, 'best');
    const worst = pickCondition(setup, 'worst');
    expect(best.storedAccuracy).toBeGreaterThanOrEqual(worst.storedAccuracy as number);
    const { curves, parting } = await compareLens(engine, setup, best, worst);
    const stored = scoreConditions(loadRunData(db, runId)).find((c) => c.seed === best.seed && c.orderIndex === best.orderIndex)!;
    expect(maxDiff(curves[0].perExample.map((layers) => layers[setup.model.nLayer]), stored.p)).toBeLessThanOrEqual(1e-5);
    expect(curves[0].meanGold).toHaveLength(setup.model.nLayer + 1);
    expect(parting.difference).toHaveLength(setup.model.nLayer + 1);

    const flipped = await compareLens(engine, setup, best, flipLabels(best, setup.spec.classes));
    expect(flipped.parting.difference[0]).toBe(0);
    expect(flipped.curves[1].condition).toMatch(/labels flipped/);
  });

  it('leave-one-out on a 1-shot prompt equals the difference from the zero-shot prompt', async () => {
    const best = pickCondition(setup, 'best');
    const oneShot = { ...best, demos: best.demos.slice(0, 1), demoIds: best.demoIds.slice(0, 1) };
    const result = await demoAttribution(engine, setup, oneShot, { permutations: 3, seed: 1 });
    // Independently: whole prompts scored one by one with scoreLabels.
    const words = setup.spec.classes.map((c) => setup.spec.task.labels[c][0]);
    const meanMargin = async (demos: typeof best.demos) => {
      const { prefixParts, suffixes } = conditionPrompts(setup, { ...best, demos });
      let sum = 0;
      for (const [i, suffix] of suffixes.entries()) {
        const scored = await engine.scoreLabels(setup.model.modelId, prefixParts.join('') + suffix, words);
        sum += goldMargin(classProbs(scored.labels.map((l) => l.logprob), words.map((_, c) => [c])), setup.tests[i].gold);
      }
      return sum / suffixes.length;
    };
    const expected = (await meanMargin(oneShot.demos)) - (await meanMargin([]));
    expect(Math.abs(result.demos[0].leaveOneOut - expected)).toBeLessThan(1e-5);
    expect(Math.abs(result.demos[0].shapley - expected)).toBeLessThan(1e-5);
    expect(result.subsetsScored).toBe(2);
  });

  it('Shapley values add up to the full minus the zero-shot margin', async () => {
    const result = await demoAttribution(engine, setup, pickCondition(setup, 'worst'), { permutations: 4, seed: 2 });
    const total = result.demos.reduce((s, d) => s + d.shapley, 0);
    expect(Math.abs(total - (result.full - result.empty))).toBeLessThan(1e-9);
    expect(result.demos).toHaveLength(2);
  });

  it('knocks out exactly the label-word tokens, and sweeps every head', async () => {
    const best = pickCondition(setup, 'best');
    const { prefixParts, suffixes } = conditionPrompts(setup, best);
    const positions = await demoTokenPositions(engine, setup, best, suffixes[0]);
    const pieces = await engine.tokenize(setup.model.modelId, prefixParts.join('') + suffixes[0]);
    expect(positions.label.map((p) => pieces[p].text)).toEqual(best.demos.map((d) => ` ${setup.spec.task.labels[d.gold][0]}`));
    const knocked = await labelKnockout(engine, setup, best, { layers: [1] });
    expect(knocked.labelTokens).toBe(2);
    expect(knocked.layers).toEqual([1]);

    const sweep = await headAblation(engine, setup, best, { scope: 'suffix' });
    expect(sweep.cells).toHaveLength(setup.model.nLayer * setup.model.nHead);
    expect(sweep.reusedTokens).toBeGreaterThan(0);
    expect(sweep.cells.some((c) => c.deltaMargin !== 0)).toBe(true);
  });

  it('the lens command reads the model\'s own label log-probabilities at its last layer', async () => {
    const prompt = 'Review: a fine film\nSentiment: Positive\n\nReview: dull\nSentiment:';
    const env = { PROMPTSCOPE_HOME: dir };
    const lens = await cli(['lens', '--model', modelDir, '--prompt', prompt, '--labels', 'Negative,Positive', '--provider', 'cpu', '--json'], env);
    expect(lens.stderr).toBe('');
    const rows = JSON.parse(lens.stdout).rows as { logprobs: number[] }[];
    const score = await cli(['score', '--model', modelDir, '--prompt', prompt, '--labels', 'Negative,Positive', '--provider', 'cpu', '--json'], env);
    const own = (JSON.parse(score.stdout).labels as { logprob: number }[]).map((l) => l.logprob);
    expect(Math.max(...own.map((v, c) => Math.abs(v - rows[rows.length - 1].logprobs[c])))).toBeLessThanOrEqual(1e-5);
    const bad = await cli(['heads', '--run', 'nope', '--db', path.join(dir, 'inside.db')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual(['promptscope: run nope: no such run in this database']);
  });
});
