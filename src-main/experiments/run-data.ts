import type { Database } from 'better-sqlite3';
import { listConditions, listRunExamples, type ConditionRecord } from '../storage/plan-queries.ts';
import { listPredictions, listPriorInputs, type PredictionRecord, type PriorInputRecord } from '../storage/result-queries.ts';
import { listProbeResults, listProbeSets, type ProbeResultRecord, type ProbeSetRecord } from '../storage/probe-queries.ts';
import { getRun, type RunRecord } from '../storage/run-queries.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/** Everything stored about a run: the input of the pure summary and of every export. */
export interface RunData {
  run: RunRecord;
  spec: ExperimentSpec;
  /** Test examples in sample order. */
  tests: { exampleId: string; gold: string; position: number; fields: Record<string, string> }[];
  /** Gold class of every drawn demonstration. */
  demoGold: Record<string, string>;
  demoFields: Record<string, Record<string, string>>;
  conditions: ConditionRecord[];
  predictions: PredictionRecord[];
  priors: PriorInputRecord[];
  /** Generated probing sets (`probing.source: generated`) and every order's scores on them; absent or empty otherwise. */
  probing?: { sets: ProbeSetRecord[]; results: ProbeResultRecord[] };
}

/** Read a run's stored rows; an unknown id is a one-line error naming it. */
export function loadRunData(db: Database, runId: string): RunData {
  const run = getRun(db, runId);
  if (!run) throw new ExperimentInputError(`run ${runId}: no such run in this database`, 'RUN_NOT_FOUND');
  const train = listRunExamples(db, runId, 'train');
  return {
    run,
    spec: run.spec as ExperimentSpec,
    tests: listRunExamples(db, runId, 'test').map((e) => ({ exampleId: e.exampleId, gold: e.gold, position: e.position, fields: e.fields })),
    demoGold: Object.fromEntries(train.map((e) => [e.exampleId, e.gold])),
    demoFields: Object.fromEntries(train.map((e) => [e.exampleId, e.fields])),
    conditions: listConditions(db, runId),
    predictions: listPredictions(db, runId),
    priors: listPriorInputs(db, runId),
    probing: { sets: listProbeSets(db, runId), results: listProbeResults(db, runId) },
  };
}
