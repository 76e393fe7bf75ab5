/**
 * Seeded draws of the demonstrations for one prompt.
 *
 * Two protocols from the literature: Zhao et al. (2021) draw k examples uniformly
 * without replacement from the whole training pool and use them in drawn order; Lu et
 * al. (2022) draw a class-balanced set, and their `n_shot` counts demonstrations PER
 * CLASS (`perClass: true` here).
 */
import { createRng, type Rng } from '../rng/seeded.ts';

/** How demonstrations are drawn from the pool; the one list of the modes. */
export const SAMPLING_MODES = ['uniform', 'balanced'] as const;
export type DemonstrationSamplingMode = (typeof SAMPLING_MODES)[number];

/** Options of {@link sampleDemonstrations}. */
export interface DemonstrationOptions {
  /** Demonstrations in total, or per class when `perClass` is true. 0 gives a zero-shot prompt. */
  shots: number;
  /** `shots` counts per class (Lu's n_shot): the total is `shots * classCount`. */
  perClass?: boolean;
  mode: DemonstrationSamplingMode;
  seed: number;
  /** Ids that must be among the demonstrations; they count towards `shots` (and their class's quota). */
  pinned?: readonly string[];
  /** Ids removed from the pool before drawing (e.g. the test example itself). */
  excluded?: readonly string[];
  /**
   * The label set to balance over and to count classes with. Defaults to the labels
   * present in the pool (after exclusion). A class listed here but absent from the
   * pool makes balanced sampling fail with a clear error.
   */
  classes?: readonly string[];
}

/**
 * Orders labels numerically when both look like integers ("2" before "10"), otherwise
 * by code unit, so the per-class draw order never depends on the locale.
 */
export function compareLabels(a: string, b: string): number {
  const integer = /^-?\d+$/;
  if (integer.test(a) && integer.test(b)) {
    const diff = Number(a) - Number(b);
    if (diff !== 0) return diff;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Distinct labels of the rows, sorted with {@link compareLabels}. */
export function distinctLabels(rows: readonly { label: string }[]): string[] {
  return [...new Set(rows.map((row) => row.label))].sort(compareLabels);
}

/**
 * Draws the demonstrations of one prompt from a training pool.
 *
 * - `uniform`: pinned ids first (in the given order), then the rest drawn uniformly
 *   without replacement from the remaining pool, in drawn order (Zhao et al.).
 * - `balanced`: every class gets `floor(total / C)` demonstrations; the `total mod C`
 *   extra slots go to classes chosen by the seeded stream (not always the first
 *   classes, which would build a systematic majority-label bias into every prompt).
 *   Pinned ids fill their class's quota first. The result is shuffled, so the label
 *   pattern of the order is random too.
 *
 * Deterministic: the same pool (same order), options and seed give the same result.
 */
export function sampleDemonstrations<T extends { id: string; label: string }>(
  pool: readonly T[],
  opts: DemonstrationOptions,
): T[] {
  const { shots, mode, seed } = opts;
  if (!Number.isInteger(shots) || shots < 0) {
    throw new Error(`shots must be a non-negative integer, got ${String(shots)}`);
  }
  if (mode !== 'uniform' && mode !== 'balanced') {
    throw new Error(`unknown sampling mode "${String(mode)}" (expected uniform or balanced)`);
  }
  const excluded = new Set(opts.excluded ?? []);
  const available = pool.filter((row) => !excluded.has(row.id));
  const classes = opts.classes ? [...opts.classes] : distinctLabels(available);
  if (opts.classes && new Set(classes).size !== classes.length) {
    throw new Error(`classes contain duplicates: ${classes.join(', ')}`);
  }
  const total = opts.perClass ? shots * classes.length : shots;
  const pinned = resolvePinned(available, opts.pinned ?? [], excluded, total);

  if (total > available.length) {
    throw new Error(
      `shots (${total}) exceed the ${available.length} examples in the pool` +
        (excluded.size > 0 ? ` after excluding ${pool.length - available.length}` : ''),
    );
  }
  const rng = createRng(seed);
  return mode === 'uniform'
    ? sampleUniform(available, pinned, total, rng)
    : sampleBalanced(available, pinned, total, classes, rng);
}

function resolvePinned<T extends { id: string }>(
  available: readonly T[],
  pinnedIds: readonly string[],
  excluded: ReadonlySet<string>,
  total: number,
): T[] {
  if (new Set(pinnedIds).size !== pinnedIds.length) {
    throw new Error(`pinned ids contain duplicates: ${pinnedIds.join(', ')}`);
  }
  if (pinnedIds.length > total) {
    throw new Error(`${pinnedIds.length} pinned demonstrations exceed shots (${total})`);
  }
  const byId = new Map(available.map((row) => [row.id, row]));
  return pinnedIds.map((id) => {
    if (excluded.has(id)) throw new Error(`pinned demonstration "${id}" is also excluded`);
    const row = byId.get(id);
    if (!row) throw new Error(`pinned demonstration "${id}" is not in the training pool`);
    return row;
  });
}

function sampleUniform<T extends { id: string }>(
  available: readonly T[],
  pinned: readonly T[],
  total: number,
  rng: Rng,
): T[] {
  const pinnedIds = new Set(pinned.map((row) => row.id));
  const rest = available.filter((row) => !pinnedIds.has(row.id));
  return [...pinned, ...rng.sample(rest, total - pinned.length)];
}

function sampleBalanced<T extends { id: string; label: string }>(
  available: readonly T[],
  pinned: readonly T[],
  total: number,
  classes: readonly string[],
  rng: Rng,
): T[] {
  if (total === 0) return [];
  if (classes.length === 0) throw new Error('balanced sampling needs at least one class in the pool');
  const classSet = new Set(classes);
  for (const row of pinned) {
    if (!classSet.has(row.label)) {
      throw new Error(`pinned demonstration "${row.id}" has label "${row.label}" outside the classes`);
    }
  }
  const base = Math.floor(total / classes.length);
  const extra = new Set(rng.sample(classes, total % classes.length));
  const pinnedIds = new Set(pinned.map((row) => row.id));
  const chosen: T[] = [];
  for (const label of classes) {
    const quota = base + (extra.has(label) ? 1 : 0);
    const pinnedHere = pinned.filter((row) => row.label === label);
    if (pinnedHere.length > quota) {
      throw new Error(
        `${pinnedHere.length} pinned demonstrations of class "${label}" exceed its balanced quota of ${quota}`,
      );
    }
    const candidates = available.filter((row) => row.label === label && !pinnedIds.has(row.id));
    const needed = quota - pinnedHere.length;
    if (candidates.length < needed) {
      throw new Error(
        `class "${label}" has ${candidates.length + pinnedHere.length} examples in the pool; ` +
          `balanced sampling needs ${quota}`,
      );
    }
    chosen.push(...pinnedHere, ...rng.sample(candidates, needed));
  }
  return rng.shuffle(chosen);
}
