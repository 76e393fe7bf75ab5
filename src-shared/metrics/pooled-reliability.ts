import { isDistribution, type CalibrationMethod } from '../calibration/methods.ts';
import { reliabilityBins, type ReliabilityBin } from './calibration-error.ts';

/** One scored condition as reliability needs it: per method, each test example's distribution and prediction. */
export interface ScoredCondition {
  goldIdx: number[];
  q: Partial<Record<CalibrationMethod, number[][]>>;
  pred: Partial<Record<CalibrationMethod, number[]>>;
}

/**
 * Reliability bins per distribution-valued method, pooled over every scored condition (the Study
 * view's reliability diagrams): confidence is the top probability, correct whether it is the gold
 * class. Methods whose output is no distribution (batch calibration's scores) have none.
 */
export function pooledReliability(methods: readonly CalibrationMethod[], scored: readonly ScoredCondition[], bins = 10): Record<string, ReliabilityBin[]> {
  const out: Record<string, ReliabilityBin[]> = {};
  for (const method of methods) {
    if (!isDistribution(method)) continue;
    const conf: number[] = [];
    const correct: boolean[] = [];
    for (const c of scored) {
      const q = c.q[method];
      const pred = c.pred[method];
      if (!q || !pred) continue;
      q.forEach((row, i) => {
        conf.push(Math.max(...row));
        correct.push(pred[i] === c.goldIdx[i]);
      });
    }
    if (conf.length > 0) out[method] = reliabilityBins(conf, correct, bins);
  }
  return out;
}
