import type { Database } from 'better-sqlite3';
import type { ModelInfo, ProbeRequest, ProbeResult } from '../../engine/protocol.ts';
import { designCells, specAxes } from '../../../src-shared/experiments/design.ts';
import { ExperimentInputError } from '../errors.ts';
import { resolveLabelTokens, type LabelTokens } from '../label-tokens.ts';
import { scoreConditions } from '../condition-scores.ts';
import { loadRunData } from '../run-data.ts';
import type { DemoExample } from '../prompts.ts';
import type { ExperimentSpec } from '../../../src-shared/experiments/experiment-schema.ts';
import type { StudyEngine } from '../study-engine.ts';

/** What the inside-the-model analyses need from the engine: a study's calls plus `probe`. */
export interface InsideEngine extends StudyEngine {
  probe(request: ProbeRequest): Promise<ProbeResult>;
}

/** One prompt condition to look inside: ordered demonstrations, each shown with a class's label word. */
export interface InsideCondition {
  name: string;
  seed: number;
  orderIndex: number;
  demos: DemoExample[];
  /** The demonstration ids, in prompt order. */
  demoIds: string[];
  /** Uncalibrated accuracy the stored run measured for it (over every test example); null when flipped. */
  storedAccuracy: number | null;
  /** Demonstrations show another class's label word (Wei et al. 2023's flipped labels). */
  flipped: boolean;
}

/** A stored run, ready for the analyses: its spec, model, label tokens, a test sample, its conditions. */
export interface InsideSetup {
  runId: string;
  spec: ExperimentSpec;
  model: ModelInfo;
  labelTokens: LabelTokens;
  /** Per class, indices of its label tokens in `labelTokens.all` (what probe scores). */
  perClassIndex: number[][];
  tests: { exampleId: string; fields: Record<string, string>; gold: number }[];
  /** Test examples the run has; `tests` is its first `sample`. */
  testCount: number;
  conditions: InsideCondition[];
}

/**
 * Reads a stored run for the analyses: the same model files (checked by SHA-256, as resume does),
 * the run's label tokens, its first `sample` test examples and every complete condition with its
 * stored uncalibrated accuracy.
 */
export async function loadInsideSetup(db: Database, runId: string, engine: InsideEngine, sample: number): Promise<InsideSetup> {
  const data = loadRunData(db, runId);
  const { spec } = data;
  // The inside analyses rebuild one prompt format for every condition; a run whose cells differ in it is refused, not misread.
  const cells = designCells(specAxes(spec)).length;
  if (cells > 1) throw new ExperimentInputError(`run ${runId} has design axes (${cells} cells, each with its own prompts); the inside analyses take a run with one template, one set of label words and no corruption`, 'DESIGN_AXES');
  const model = await engine.load(spec.model);
  if (model.sha256 !== data.run.modelSha256) {
    throw new ExperimentInputError(`run ${runId}: model "${spec.model}" is now ${model.sha256.slice(0, 12)}..., but the run used ${data.run.modelSha256.slice(0, 12)}...; use the same model files`, 'MODEL_CHANGED');
  }
  const labelTokens = await resolveLabelTokens(engine, model, spec);
  const perClassIndex = labelTokens.perClass.map((ids) => ids.map((id) => labelTokens.all.indexOf(id)));
  const scored = scoreConditions(data);
  if (scored.length === 0) throw new ExperimentInputError(`run ${runId}: no condition has all its results stored yet`, 'RUN_INCOMPLETE');
  const conditions = scored.map((c): InsideCondition => {
    const correct = c.p.filter((p, i) => p.indexOf(Math.max(...p)) === c.goldIdx[i]).length;
    return {
      name: `seed ${c.seed} order ${c.orderIndex}`,
      seed: c.seed,
      orderIndex: c.orderIndex,
      demoIds: c.order,
      demos: c.order.map((id) => ({ fields: data.demoFields[id], gold: data.demoGold[id] })),
      storedAccuracy: correct / c.p.length,
      flipped: false,
    };
  });
  const tests = data.tests.slice(0, sample).map((t) => ({ exampleId: t.exampleId, fields: t.fields, gold: spec.classes.indexOf(t.gold) }));
  return { runId, spec, model, labelTokens, perClassIndex, tests, testCount: data.tests.length, conditions };
}

/**
 * A condition chosen by name: `best` / `worst` (highest / lowest stored accuracy; on ties the
 * earliest / the latest)
 * or `SEED/ORDER`.
 */
export function pickCondition(setup: InsideSetup, which: string): InsideCondition {
  const list = setup.conditions;
  if (which === 'best' || which === 'worst') {
    // Ties: best takes the earliest, worst the latest, so the two differ whenever the run has two conditions.
    const accuracy = (c: InsideCondition) => c.storedAccuracy ?? 0;
    const chosen = which === 'best' ? list.reduce((a, b) => (accuracy(b) > accuracy(a) ? b : a)) : list.reduce((a, b) => (accuracy(b) <= accuracy(a) ? b : a));
    return { ...chosen, name: `${which} order (${chosen.name}, stored accuracy ${(chosen.storedAccuracy ?? 0).toFixed(3)})` };
  }
  const match = /^(\d+)\/(\d+)$/.exec(which);
  const found = match && list.find((c) => c.seed === Number(match[1]) && c.orderIndex === Number(match[2]));
  if (!found) throw new ExperimentInputError(`condition ${JSON.stringify(which)}: expected best, worst or SEED/ORDER of a complete condition of run ${setup.runId}`, 'BAD_CONDITION');
  return found;
}

/**
 * The same demonstrations with flipped labels: each shows the next class's label word (for two
 * classes, the other one), as Wei et al. 2023's flipped-label setting.
 */
export function flipLabels(condition: InsideCondition, classes: readonly string[]): InsideCondition {
  return {
    ...condition,
    name: `${condition.name}, labels flipped`,
    demos: condition.demos.map((d) => ({ ...d, gold: classes[(classes.indexOf(d.gold) + 1) % classes.length] })),
    storedAccuracy: null,
    flipped: true,
  };
}

/**
 * The two conditions a lens comparison reads: the best and the worst stored order, or `condition`
 * and the same demonstrations with flipped labels.
 */
export function lensPair(setup: InsideSetup, compare: 'orders' | 'flip', condition: string): [InsideCondition, InsideCondition] {
  if (compare === 'flip') {
    const chosen = pickCondition(setup, condition);
    return [chosen, flipLabels(chosen, setup.spec.classes)];
  }
  if (setup.conditions.length < 2) throw new ExperimentInputError(`run ${setup.runId} has one complete condition: there is no worst order to compare with; compare flip instead`, 'BAD_CONDITION');
  return [pickCondition(setup, 'best'), pickCondition(setup, 'worst')];
}
