import { studyLoadOptions } from '../experiments/study-engine.ts';
import path from 'node:path';
import type { ModelInfo } from '../engine/protocol.ts';
import { TokenCounter } from '../experiments/context-fit.ts';
import { loadDataset } from '../experiments/datasets/load-dataset.ts';
import { sampleRows } from '../experiments/datasets/sample-rows.ts';
import type { DatasetRow } from '../experiments/datasets/types.ts';
import { ExperimentInputError } from '../experiments/errors.ts';
import { resolveLabelTokens, type LabelTokens } from '../experiments/label-tokens.ts';
import type { DataFileSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { contentFreeQuery, LABEL_FIELD, renderQuery, validateTemplate } from '../../src-shared/prompt/template.ts';
import { sampleDemonstrations } from '../../src-shared/sampling/demonstrations.ts';
import type { FinetuneEngine } from './finetune-engine.ts';
import type { FinetuneSpec } from '../../src-shared/finetune/learning-curve-schema.ts';
import { fewShotPrefix } from './prompt-text.ts';

/** One (budget, seed): the k labelled examples every method spends, and how many fit in a prompt. */
export interface BudgetDraw {
  budget: number;
  seed: number;
  examples: DatasetRow[];
  /** The largest k ≤ budget whose prompt fits the model's context (prompt methods use the first kUsed). */
  promptK: number;
}

export interface PreparedLearningCurve {
  spec: FinetuneSpec;
  model: ModelInfo;
  labelTokens: LabelTokens;
  test: DatasetRow[];
  draws: BudgetDraw[];
  warnings: string[];
}

/**
 * Check a learning curve up front: data, template, budgets against the pool, single-class draws,
 * label words and context length. Every problem is an ExperimentInputError raised before anything
 * is stored.
 */
export async function prepareLearningCurve(spec: FinetuneSpec, engine: FinetuneEngine): Promise<PreparedLearningCurve> {
  const train = sampleRows(readData(spec.data.train, spec.classes), spec.data.train.sample, spec.data.train.seed ?? 0);
  const testRows = readData(spec.data.test, spec.classes);
  const test = spec.data.test.ids ? rowsById(testRows, spec.data.test.ids, spec.data.test.path) : sampleRows(testRows, spec.data.test.sample, spec.data.test.seed ?? 0);
  const trainFields = new Set(Object.keys(train[0].fields));
  const problems = validateTemplate(spec.task.template, Object.keys(test[0].fields).filter((f) => trainFields.has(f) && f !== LABEL_FIELD));
  if (problems.length > 0) throw new ExperimentInputError(`task.template: ${problems[0]}`, 'TEMPLATE');

  const needsTwoClasses = spec.methods.some((m) => m === 'head' || m.startsWith('calibration-'));
  const draws: BudgetDraw[] = [];
  for (const budget of spec.budgets) {
    if (budget > train.length) {
      throw new ExperimentInputError(`budgets: ${budget} is larger than the ${train.length} examples in the training pool (${path.basename(spec.data.train.path)})`, 'BUDGET');
    }
    for (const seed of spec.seeds) {
      let examples: DatasetRow[];
      try {
        examples = sampleDemonstrations(train, { shots: budget, mode: spec.sampling, seed, classes: spec.classes });
      } catch (error) {
        throw new ExperimentInputError(`budgets: ${budget} (seed ${seed}): ${(error as Error).message}`, 'BUDGET');
      }
      const labels = new Set(examples.map((e) => e.label));
      if (needsTwoClasses && labels.size < 2) {
        throw new ExperimentInputError(
          `budgets: ${budget} (seed ${seed}) draws a single-class training set (every example is label "${examples[0].label}"); heads and calibration fits need two classes: use sampling: balanced or a larger budget`,
          'SINGLE_CLASS',
        );
      }
      draws.push({ budget, seed, examples, promptK: budget });
    }
  }

  const model = await engine.load(spec.model, studyLoadOptions(spec));
  const labelTokens = await resolveLabelTokens(engine, model, spec);
  const warnings = [...labelTokens.warnings];
  if (spec.methods.some((m) => m.startsWith('prompt'))) await fitPrompts(spec, engine, model, test, draws, warnings);
  return { spec, model, labelTokens, test, draws, warnings };
}

/** Sets each draw's promptK: the most leading examples whose prompt fits the context with the longest query. */
async function fitPrompts(spec: FinetuneSpec, engine: FinetuneEngine, model: ModelInfo, test: DatasetRow[], draws: BudgetDraw[], warnings: string[]): Promise<void> {
  const counter = new TokenCounter(engine, model);
  let longest = 0;
  const queries = [...test.map((t) => renderQuery(spec.task.template, t.fields)), ...spec.contentFree.map((c) => contentFreeQuery(spec.task.template, c, spec.contentFreeMode))];
  for (const q of queries) longest = Math.max(longest, await counter.count(q));
  const instructionParts = fewShotPrefix(spec.task, []);
  let fixed = counter.bosTokens + longest;
  for (const part of instructionParts) fixed += await counter.count(part);
  if (fixed > model.contextLength) {
    throw new ExperimentInputError(`the longest zero-shot prompt is ${fixed} tokens, over the model's context of ${model.contextLength}`, 'CONTEXT_OVERFLOW');
  }
  for (const draw of draws) {
    const parts = fewShotPrefix(spec.task, draw.examples).slice(instructionParts.length);
    let total = fixed;
    let k = 0;
    for (const part of parts) {
      const tokens = await counter.count(part);
      if (total + tokens > model.contextLength) break;
      total += tokens;
      k++;
    }
    draw.promptK = k;
    if (k < draw.budget) warnings.push(`budget ${draw.budget} (seed ${draw.seed}): only ${k} examples fit in the prompt (context ${model.contextLength} tokens); the prompt methods use ${k}`);
  }
}

/** `data.test.ids`: exactly these rows, in this order; an id the file lacks is an error naming it. */
function rowsById(rows: DatasetRow[], ids: string[], file: string): DatasetRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new ExperimentInputError(`data.test.ids: ${JSON.stringify(id)} is not a row of ${path.relative(process.cwd(), file) || file}`, 'DATASET_IDS');
    return row;
  });
}

function readData(file: DataFileSpec, classes: string[]): DatasetRow[] {
  const fileLabel = path.relative(process.cwd(), file.path) || file.path;
  return loadDataset({ path: file.path, format: file.format, columns: file.columns }, { labels: classes, fileLabel });
}
