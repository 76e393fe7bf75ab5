/** Calibrators and label scoring (Zhao et al. 2021; Zhou et al. 2024; Fei et al. 2023). */
export { normalize, predict, meanVector, PRIOR_EPSILON } from './normalize.ts';
export { contentFreePrior, calibrateContextual, calibrateContextualSoftmax, type CalibratedForm } from './contextual.ts';
export { batchPrior, calibrateBatch } from './batch.ts';
export {
  randomDomainTexts,
  randomDomainRows,
  domainWordStats,
  domainContextPrior,
  calibrateDomain,
  DOMAIN_CONTEXT_COUNT,
  type DomainWordStats,
} from './domain-context.ts';
export { labelScores, type TokenLogprobs } from './label-scores.ts';
export {
  CALIBRATION_METHODS,
  calibrate,
  isCalibrationMethod,
  isDistribution,
  type CalibrationMethod,
} from './methods.ts';
