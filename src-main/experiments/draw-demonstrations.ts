import { sampleDemonstrations } from '../../src-shared/sampling/demonstrations.ts';
import { zhaoDraw } from '../../src-shared/rng/numpy-legacy.ts';
import { sampleRows } from './datasets/sample-rows.ts';
import type { DatasetRow } from './datasets/types.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * The demonstrations of one seed, in prompt order before `orders` permutes them:
 * - `demonstrations.ids`: exactly those rows (one list for every seed, or the seed's own list);
 * - `sampling: zhao2021`: `np.random.seed(seed); np.random.choice(len(train), k, replace=False)`,
 *   the rows in drawn order, as Zhao et al.'s `random_sampling` takes them;
 * - otherwise `sampling` draws around `demonstrations.pinned` (always in) from the pool without
 *   `demonstrations.excluded`.
 * An id the training file does not have is an error naming it.
 */
export function drawDemonstrations(spec: ExperimentSpec, train: readonly DatasetRow[], seed: number, trainFile: string): DatasetRow[] {
  const byId = new Map(train.map((row) => [row.id, row]));
  const rowOf = (id: string, field: string) => {
    const row = byId.get(id);
    if (!row) throw new ExperimentInputError(`demonstrations.${field}: ${JSON.stringify(id)} is not a row of ${trainFile} (its ids look like ${JSON.stringify(train[0].id)})`, 'DEMONSTRATIONS');
    return row;
  };
  const demos = spec.demonstrations;
  if (demos?.ids) {
    const list = Array.isArray(demos.ids) ? demos.ids : demos.ids[String(seed)];
    return list.map((id) => rowOf(id, Array.isArray(demos.ids) ? 'ids' : `ids.${seed}`));
  }
  if (spec.sampling === 'zhao2021') {
    if (spec.shots > train.length) throw new ExperimentInputError(`shots: ${spec.shots} demonstrations from a pool of ${train.length} (seed ${seed})`, 'DEMONSTRATIONS');
    return zhaoDraw(train.length, spec.shots, seed).map((i) => train[i]);
  }
  for (const id of demos?.pinned ?? []) rowOf(id, 'pinned');
  for (const id of demos?.excluded ?? []) rowOf(id, 'excluded');
  try {
    return sampleDemonstrations(train, {
      shots: spec.shotsPerClass ?? spec.shots,
      perClass: spec.shotsPerClass !== undefined,
      mode: spec.sampling,
      seed,
      classes: spec.classes,
      ...(demos?.pinned ? { pinned: demos.pinned } : {}),
      ...(demos?.excluded ? { excluded: demos.excluded } : {}),
    });
  } catch (error) {
    throw new ExperimentInputError(`${spec.shotsPerClass !== undefined ? 'shotsPerClass' : 'shots'}: ${(error as Error).message} (seed ${seed})`, 'DEMONSTRATIONS');
  }
}

/**
 * The test examples: `ids` exactly (in the order given), or a seeded sample of `sample` rows
 * (numpy's draw under zhao2021, the study's own generator otherwise), or the whole file.
 */
export function selectTest(spec: ExperimentSpec, rows: readonly DatasetRow[], testFile: string): DatasetRow[] {
  const file = spec.data.test;
  if (file.ids) {
    const byId = new Map(rows.map((row) => [row.id, row]));
    return file.ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new ExperimentInputError(`data.test.ids: ${JSON.stringify(id)} is not a row of ${testFile} (its ids look like ${JSON.stringify(rows[0].id)})`, 'DATASET_IDS');
      return row;
    });
  }
  if (file.sample !== undefined && file.sample > rows.length) {
    // Running on fewer examples than the file asks for would be a different study, silently.
    throw new ExperimentInputError(`data.test.sample: ${file.sample} exceeds the ${rows.length} examples of ${testFile}; use at most ${rows.length}, or leave sample out for the whole file`, 'SAMPLE');
  }
  if (spec.sampling === 'zhao2021' && file.sample !== undefined && file.sample < rows.length) {
    return zhaoDraw(rows.length, file.sample, file.seed ?? 0).map((i) => rows[i]);
  }
  return sampleRows(rows, file.sample, file.seed ?? 0);
}
