import type { Database } from 'better-sqlite3';
import type { ModelInfo } from '../../engine/protocol.ts';
import type { ConditionRecord, RunExampleRecord } from '../../storage/plan-queries.ts';
import { insertProbeSet, listProbeSets, type ProbeInputRecord } from '../../storage/probe-queries.ts';
import type { ExperimentSpec } from '../../../src-shared/experiments/experiment-schema.ts';
import { ExperimentInputError } from '../errors.ts';
import { labelReserve, type LabelTokens } from '../label-tokens.ts';
import type { StudyEngine } from '../study-engine.ts';
import { buildProbeSet, probingOf, type ProbingEngine } from './build-probe-set.ts';

/**
 * The probing inputs of one seed for the study runner: none unless `probing.source` is
 * `generated`; the stored set when there is one (a resumed run never regenerates it); otherwise
 * built from every order of the seed (the demonstrations each keeps in its prompt) and stored
 * whole, its prompts added to the run's total (`onAdded`).
 */
export async function probeInputsFor(
  db: Database,
  runId: string,
  ctx: { spec: ExperimentSpec; model: ModelInfo; labelTokens: LabelTokens },
  engine: StudyEngine,
  seed: number,
  conditions: readonly ConditionRecord[],
  demoOf: (id: string) => RunExampleRecord,
  onAdded: (prompts: number) => void,
): Promise<ProbeInputRecord[]> {
  if (probingOf(ctx.spec).source !== 'generated') return [];
  const stored = listProbeSets(db, runId).find((s) => s.seed === seed);
  if (stored) return stored.inputs;
  if (!engine.generate) throw new ExperimentInputError('probing.source: generated: this engine cannot generate text', 'PROBING');
  const orders = conditions
    .filter((c) => c.seed === seed)
    .map((c) => ({ orderIndex: c.orderIndex, demos: c.order.slice(c.droppedDemos).map((id) => ({ fields: demoOf(id).fields, gold: demoOf(id).gold })) }));
  const set = await buildProbeSet(engine as ProbingEngine, ctx.model, ctx.spec, seed, orders, labelReserve(ctx.labelTokens));
  if (!insertProbeSet(db, runId, set, orders.length)) return listProbeSets(db, runId).find((s) => s.seed === seed)!.inputs;
  onAdded(orders.length * set.inputs.length);
  return set.inputs;
}
