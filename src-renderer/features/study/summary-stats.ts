/**
 * The rows of the study summary table, per calibration method, from the run's analyses.
 *
 * Pooled over all (seed, order) conditions as CONTRACT.md's summary is (population std), plus the
 * order spread inside each demonstration set (mean over seeds of best minus worst order), which
 * separates "orders matter" from "demonstration sets matter", the flip rate and the ECE.
 */
import type { RunSummaryDetails } from '../../../src-shared/api/runs.ts';
import type { Aggregate } from '../../../src-shared/metrics/aggregate.ts';

export interface MethodSummaryRow extends Aggregate {
  method: string;
  /** Mean over seeds of (best order - worst order). */
  orderSpread: number;
  /** Mean over seeds of the worst order's accuracy. */
  worstPerSeed: number;
  /** Fraction of test items whose prediction changes across orders, mean over seeds. */
  flipRate: number | null;
  macroF1: number | null;
  /** Mean expected calibration error over conditions; null for score outputs (batch). */
  ece: number | null;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

export function methodSummaries(details: RunSummaryDetails): MethodSummaryRow[] {
  return details.methods.flatMap((method) => {
    const pooled = details.accuracy[method];
    if (!pooled) return [];
    const perSeed = details.accuracyPerSeed[method] ?? [];
    return [
      {
        method,
        ...pooled,
        orderSpread: mean(perSeed.map((s) => s.range)),
        worstPerSeed: mean(perSeed.map((s) => s.min)),
        flipRate: details.flipRate[method]?.mean ?? null,
        macroF1: details.macroF1[method]?.mean ?? null,
        ece: details.calibration[method]?.ece.mean ?? null,
      },
    ];
  });
}
