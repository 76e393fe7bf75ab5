import { createRng } from '../../../src-shared/rng/seeded.ts';
import type { DatasetRow } from './types.ts';

/**
 * A seeded test sample drawn without replacement, in drawn order (as Zhao et al. draw theirs).
 *
 * Asking for more rows than the file has gives the whole file in file order rather than an
 * error: CB (56) and RTE (277) are smaller than the usual 300 (Zhao et al. 2021 sample 300 test examples).
 */
export function sampleRows(rows: readonly DatasetRow[], count: number | undefined, seed = 0): DatasetRow[] {
  if (count === undefined || count >= rows.length) return rows.slice();
  return createRng(seed).sample(rows, count);
}
