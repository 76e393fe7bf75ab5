import { allPermutations, permutationCount, samplePermutations } from '../../src-shared/sampling/permutations.ts';
import { ExperimentInputError } from './errors.ts';
import type { OrdersSpec } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * The permutations of the k drawn demonstrations a study scores, the same for every seed so that
 * order index i means the same rearrangement across demonstration sets.
 *
 * `first` is the drawn order itself (Zhao et al.'s protocol). A sample larger than k! is an error,
 * not a silent "all": the study would have a different size than the file says.
 */
export function studyOrders(orders: OrdersSpec, k: number): number[][] {
  const identity = Array.from({ length: k }, (_, i) => i);
  if (orders === 'first') return [identity];
  if (orders === 'all') return allPermutations(k);
  const total = permutationCount(k);
  if (orders.sample > total) {
    throw new ExperimentInputError(`orders.sample: ${orders.sample} exceeds the ${total} orders of ${k} demonstrations (${k}!); use at most ${total}, or orders: all`, 'ORDERS');
  }
  return samplePermutations(k, orders.sample, orders.seed);
}
