import { allPermutations, samplePermutations } from '../../src-shared/sampling/permutations.ts';
import type { OrdersSpec } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * The permutations of the k drawn demonstrations a study scores, the same for every seed so that
 * order index i means the same rearrangement across demonstration sets.
 *
 * `first` is the drawn order itself (Zhao et al.'s protocol).
 */
export function studyOrders(orders: OrdersSpec, k: number): number[][] {
  const identity = Array.from({ length: k }, (_, i) => i);
  if (orders === 'first') return [identity];
  if (orders === 'all') return allPermutations(k);
  return samplePermutations(k, orders.sample, orders.seed);
}
