import { createRng } from '../rng/seeded.ts';

/**
 * A seeded, stratified hold-out for early stopping.
 *
 * Each class gives floor(n_c · fraction) examples to validation but always keeps at least two for
 * training, so a 4-example budget may end up with no validation set at all; the caller then trains
 * to convergence without early stopping (recorded as validationSize 0).
 */
export function stratifiedSplit(targets: readonly number[], fraction: number, seed: number): { train: number[]; validation: number[] } {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`validation fraction must be in [0, 1), got ${fraction}`);
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  targets.forEach((t, i) => byClass.set(t, [...(byClass.get(t) ?? []), i]));
  const train: number[] = [];
  const validation: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const indices = rng.shuffle(byClass.get(cls) ?? []);
    const held = Math.max(0, Math.min(Math.floor(indices.length * fraction), indices.length - 2));
    validation.push(...indices.slice(0, held));
    train.push(...indices.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
