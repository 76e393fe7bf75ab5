export { clusteredBootstrapMean, pairedBootstrapDifference, quantile, type BootstrapOptions, type Interval } from './bootstrap.ts';
export { mcnemarExact, type McNemarResult } from './mcnemar.ts';
export { varianceSplit, type VarianceSplit } from './variance-split.ts';
export { studyHeadline, type ConditionAccuracy, type MethodHeadline, type StudyHeadline } from './study-headline.ts';
