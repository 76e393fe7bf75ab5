import path from 'node:path';
import { loadDataset } from '../src-main/experiments/datasets/load-dataset.ts';
import { sampleRows } from '../src-main/experiments/datasets/sample-rows.ts';
import { studyOrders } from '../src-main/experiments/orders.ts';
import type { OrdersSpec } from '../src-shared/experiments/experiment-schema.ts';
import { buildPromptParts, contentFreeRow } from '../src-shared/prompt/template.ts';
import { applyPermutation } from '../src-shared/sampling/permutations.ts';
import { sampleDemonstrations } from '../src-shared/sampling/demonstrations.ts';

/** Zhao et al.'s SST-2 set-up, as the study runner's experiment file writes it. */
export const SST2_TASK = {
  template: 'Review: {{input}}\nSentiment: {{label}}',
  separator: '\n\n',
  labels: { '0': 'Negative', '1': 'Positive' } as Record<string, string>,
  contentFree: ['N/A', '', '[MASK]'],
};

/** One condition (demonstration order) of a bench study: its prefix parts and every suffix. */
export interface BenchCondition {
  orderIndex: number;
  prefixParts: string[];
  /** Content-free inputs first, then the test examples, as the study runner scores them. */
  suffixes: string[];
}

export interface BenchStudy {
  name: string;
  shots: number;
  conditions: BenchCondition[];
  /** Label words in class order; each is scored as " " + word. */
  labelWords: string[];
}

export interface BenchStudySpec {
  name: string;
  shots: number;
  orders: OrdersSpec;
  /** Test examples per order. */
  testExamples: number;
  seed: number;
}

/**
 * The prompts of one study, built exactly as the study runner builds them.
 *
 * Same pieces as src-main/experiments (prepare-study, prompts, study-runner): a seeded test sample
 * (sampleRows), balanced demonstrations (sampleDemonstrations), the study's orders (studyOrders),
 * and buildPromptParts with no instruction, so each demonstration is its own prefix part.
 */
export function buildBenchStudy(sst2Dir: string, spec: BenchStudySpec): BenchStudy {
  const classes = Object.keys(SST2_TASK.labels);
  const train = loadDataset({ path: path.join(sst2Dir, 'stsa.binary.train'), format: 'sst2' }, { labels: classes });
  const test = sampleRows(loadDataset({ path: path.join(sst2Dir, 'stsa.binary.test'), format: 'sst2' }, { labels: classes }), spec.testExamples, spec.seed);
  const demos = sampleDemonstrations(train, { shots: spec.shots, mode: 'balanced', seed: spec.seed, classes });
  const queryRows = [...SST2_TASK.contentFree.map((text) => contentFreeRow(SST2_TASK.template, text)), ...test.map((row) => row.fields)];
  const conditions = studyOrders(spec.orders, spec.shots).map((permutation, orderIndex) => {
    const ordered = applyPermutation(demos, permutation);
    const suffixes: string[] = [];
    let prefixParts: string[] = [];
    for (const query of queryRows) {
      const parts = buildPromptParts({
        instruction: '',
        template: SST2_TASK.template,
        separator: SST2_TASK.separator,
        demos: ordered.map((d) => ({ row: d.fields, labelWord: SST2_TASK.labels[d.label] })),
        query,
      });
      prefixParts = parts.prefixParts;
      suffixes.push(parts.suffix);
    }
    return { orderIndex, prefixParts, suffixes };
  });
  return { name: spec.name, shots: spec.shots, conditions, labelWords: classes.map((c) => SST2_TASK.labels[c]) };
}
