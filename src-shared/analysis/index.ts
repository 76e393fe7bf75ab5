/** Order-selection probes and bias analyses (Lu et al. 2022; Zhao et al. 2021). */
export {
  entropy,
  globalE,
  localE,
  topKByEntropy,
  predictionCounts,
  GLOBAL_E_COUNT_FLOOR,
} from './entropy.ts';
export {
  predictedLabelDistribution,
  tvdFromUniform,
  klFromUniform,
  maxMinRatio,
  totalVariation,
  predictedVsGold,
  type PredictedVsGold,
} from './label-bias.ts';
export {
  recencyRate,
  majorityRate,
  majorityLabel,
  majorityLabelAnalysis,
  type MajorityLabelRow,
} from './demonstration-bias.ts';
