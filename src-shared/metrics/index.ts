/** Metrics over predictions and distributions. */
export { accuracy, macroF1, perClassScores, type ClassScores } from './classification.ts';
export { ece, mce, reliabilityBins, type ReliabilityBin } from './calibration-error.ts';
export { brier, nll, NLL_EPSILON } from './proper-scores.ts';
export { aggregate, flipRate, type Aggregate } from './aggregate.ts';
export { pearson, spearman, averageRanks } from './correlation.ts';
