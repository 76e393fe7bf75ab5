/**
 * Batch calibration, BC (Zhou et al. 2024, "Batch Calibration", ICLR).
 *
 * The bias is estimated from the test batch itself: `p̄ = mean_j p(x_j)` over the
 * (normalised) label distributions of the examples that share one context, and the
 * decision uses `s = p − p̄` (W = I, b = −p̄). No extra forward passes. It assumes the
 * batch is roughly label-balanced.
 */
import { assertFiniteVector, meanVector } from './normalize.ts';

/** The batch prior `p̄_c = (1/M) Σ_j p_c(x_j)`; pass normalised distributions. */
export function batchPrior(ps: readonly (readonly number[])[]): number[] {
  return meanVector(ps, 'batch scores');
}

/**
 * Calibrated scores `s_c = p_c − p̄_c`.
 *
 * These are scores, NOT a distribution (they sum to ~0 and can be negative): use them
 * for the decision only; ECE, Brier and NLL do not apply (see `isDistribution`).
 */
export function calibrateBatch(p: readonly number[], prior: readonly number[]): number[] {
  assertFiniteVector(p, 'scores');
  assertFiniteVector(prior, 'prior');
  if (p.length !== prior.length) {
    throw new Error(`scores have ${p.length} classes but the prior has ${prior.length}`);
  }
  return p.map((x, i) => x - prior[i]);
}
