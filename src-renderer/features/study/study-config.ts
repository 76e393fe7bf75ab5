/**
 * The Study form's settings and their translation into an experiment spec (CONTRACT.md
 * "Experiment file") built from the prompt slice and the imported datasets.
 */
import type { DatasetSummary } from '../../../src-shared/api/datasets.ts';
import type { ExperimentSpecInput } from '../../../src-shared/api/studies.ts';
import type { ContextPolicy, LabelMode, SamplingMode } from '../../../src-shared/experiments/experiment-schema.ts';
import { CALIBRATION_METHODS, isCalibrationMethod } from '../../../src-shared/calibration/methods.ts';
import type { PromptSettings } from '../prompt/render-prompt.ts';

export { CALIBRATION_METHODS };

export interface StudyConfig {
  name: string;
  trainDatasetId: string | null;
  testDatasetId: string | null;
  /** Test examples drawn (seeded) from the test set; null for all. */
  testSample: number | null;
  testSeed: number;
  shots: number;
  /** As typed: "0, 1, 2" or "0-4". */
  seedsText: string;
  sampling: SamplingMode;
  orders: 'all' | 'first' | 'sample';
  orderSample: number;
  orderSeed: number;
  calibration: string[];
  /** Content-free inputs as typed, one per line ("" is an empty line). */
  contentFreeText: string;
  labelMode: LabelMode;
  /** A prompt longer than the model's context: refuse the study, or drop the oldest demonstrations. */
  contextPolicy: ContextPolicy;
}

/** The experiment's fields as this form (and the Prompt and Examples views) name them, for error messages. */
export const STUDY_FIELD_LABELS: Record<string, string> = {
  name: 'Study name',
  model: 'Model',
  shots: 'Shots',
  seeds: 'Seeds',
  sampling: 'Sampling',
  orders: 'Orders',
  'orders.sample': 'Orders: a sample of',
  calibration: 'Calibration',
  contentFree: 'Content-free inputs',
  'data.train': 'Demonstrations from',
  'data.train.path': 'Demonstrations from',
  'data.test': 'Test examples from',
  'data.test.path': 'Test examples from',
  'data.test.sample': 'Test sample',
  'data.test.seed': 'Sample seed',
  'task.template': 'Template (Prompt view)',
  'task.instruction': 'Instruction (Prompt view)',
  'task.separator': 'Separator (Prompt view)',
  'task.labels': 'Label words (Prompt view)',
  'demonstrations.pinned': 'Pinned examples (Examples view)',
  'demonstrations.excluded': 'Excluded examples (Examples view)',
  labelMode: 'Label words longer than one token',
  contextPolicy: "Prompts longer than the model's context",
};

export function defaultStudyConfig(): StudyConfig {
  return {
    name: 'order-and-calibration study',
    trainDatasetId: null,
    testDatasetId: null,
    testSample: 40,
    testSeed: 0,
    shots: 4,
    seedsText: '0, 1, 2',
    sampling: 'uniform',
    orders: 'all',
    orderSample: 24,
    orderSeed: 0,
    calibration: ['none', 'contextual'],
    contentFreeText: 'N/A\n\n[MASK]',
    labelMode: 'first-token',
    contextPolicy: 'reject',
  };
}

/** "0, 1, 2" or "0-4" or "0-2, 7" -> distinct seeds in order; throws naming the bad piece. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const piece of text.split(/[,\s]+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(piece);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new Error(`seeds: range "${piece}" runs backwards`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\d+$/.test(piece)) seeds.push(Number(piece));
    else throw new Error(`seeds: "${piece}" is not a whole number or a range like 0-4`);
  }
  if (seeds.length === 0) throw new Error('seeds: give at least one seed');
  return [...new Set(seeds)];
}

/**
 * Content-free inputs, one per line. The default "N/A / (empty) / [MASK]" is written with an
 * empty middle line, so empty lines count — but trailing empty lines of the textarea do not.
 */
export function parseContentFree(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** n! for the number of orders "all" means (shown next to the choice). */
export function factorial(n: number): number {
  let out = 1;
  for (let i = 2; i <= n; i++) out *= i;
  return out;
}

export function buildExperimentSpec(
  config: StudyConfig,
  prompt: PromptSettings,
  datasets: readonly DatasetSummary[],
  model: string,
  demonstrations: { pinned: readonly string[]; excluded: readonly string[] } = { pinned: [], excluded: [] },
): ExperimentSpecInput {
  const train = datasets.find((d) => d.datasetId === config.trainDatasetId);
  if (!train) throw new Error('choose a training dataset (import one in Examples)');
  const test = datasets.find((d) => d.datasetId === config.testDatasetId);
  if (!test) throw new Error('choose a test dataset');
  const labels = Object.fromEntries(Object.entries(prompt.labelWords).filter(([label]) => label in train.labels));
  for (const label of Object.keys(train.labels)) {
    if (!labels[label]?.length) throw new Error(`label "${label}" has no label word (Prompt view)`);
  }
  if (config.calibration.length === 0) throw new Error('choose at least one calibration method');
  const orders = config.orders === 'sample' ? { sample: config.orderSample, seed: config.orderSeed } : config.orders;
  return {
    name: config.name.trim() || 'study',
    model,
    data: {
      train: { path: train.path, format: train.format, ...columnsOf(train) },
      test: { path: test.path, format: test.format, ...columnsOf(test), ...(config.testSample ? { sample: config.testSample, seed: config.testSeed } : {}) },
    },
    task: { instruction: prompt.instruction, template: prompt.template, separator: prompt.separator, labels },
    shots: config.shots,
    seeds: parseSeeds(config.seedsText),
    // The Examples page's pins and exclusions for the training set: what the preview shows is what runs.
    ...(demonstrations.pinned.length + demonstrations.excluded.length > 0 ? { demonstrations: { pinned: [...demonstrations.pinned], excluded: [...demonstrations.excluded] } } : {}),
    sampling: config.sampling,
    orders,
    calibration: config.calibration.filter(isCalibrationMethod),
    contentFree: parseContentFree(config.contentFreeText),
    labelMode: config.labelMode,
    contextPolicy: config.contextPolicy,
  };
}

/** The column mapping a CSV/TSV/JSONL dataset was imported with: the study must read the file the same way. */
function columnsOf(dataset: DatasetSummary): Pick<DatasetSummary, 'columns'> {
  return dataset.columns ? { columns: dataset.columns } : {};
}
