/** Demonstration draws and demonstration orders. */
export {
  allPermutations,
  samplePermutations,
  permutationCount,
  unrankPermutation,
  applyPermutation,
  MAX_ENUMERATED_PERMUTATION_K,
} from './permutations.ts';
export {
  sampleDemonstrations,
  compareLabels,
  distinctLabels,
  type DemonstrationOptions,
  type DemonstrationSamplingMode,
} from './demonstrations.ts';
