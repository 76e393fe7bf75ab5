import { z } from 'zod';

/**
 * Studies domain: validate an experiment spec, start it (answers at once with a run id), follow
 * `study.progress` events, cancel.
 *
 * The spec is the experiment file of CONTRACT.md as an object, with paths absolute or relative
 * to the backend's working folder (imported datasets give absolute paths). The boundary checks its
 * shape; the study runner's own validation (template placeholders, label words, context) answers
 * `studies.validate`.
 */

const dataFile = z.looseObject({
  path: z.string().min(1, 'a data file path is required'),
  format: z.enum(['sst2', 'csv', 'tsv', 'jsonl']),
  sample: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).optional(),
  columns: z.object({ text: z.string(), label: z.string() }).optional(),
});

export const experimentSpec = z.looseObject({
  name: z.string().trim().min(1, 'the study needs a name'),
  model: z.string().trim().min(1, 'a model reference is required'),
  data: z.looseObject({ train: dataFile, test: dataFile }),
  task: z.looseObject({
    instruction: z.string().default(''),
    template: z.string().min(1, 'the template must not be empty'),
    separator: z.string().default('\n\n'),
    labels: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  }),
  shots: z.number().int().min(0).max(16),
  seeds: z.array(z.number().int().min(0)).min(1, 'give at least one seed'),
  sampling: z.enum(['uniform', 'balanced']).default('uniform'),
  orders: z.union([z.literal('all'), z.literal('first'), z.object({ sample: z.number().int().min(1), seed: z.number().int().min(0) })]).default('all'),
  calibration: z.array(z.string().min(1)).default(['none']),
  contentFree: z.array(z.string()).default(['N/A', '', '[MASK]']),
});
export type ExperimentSpecInput = z.input<typeof experimentSpec>;
export type ExperimentSpec = z.output<typeof experimentSpec>;

export const studiesSpecArgs = z.object({ spec: experimentSpec });

export interface StudyValidation {
  /** Prompts the study will score (conditions x test examples + content-free inputs). */
  prompts: number;
  conditions: number;
  testExamples: number;
  /** Non-fatal findings, e.g. a label word the tokenizer splits. */
  warnings: string[];
}

export interface StudyStarted {
  runId: string;
}

export const studiesRunIdArgs = z.object({ runId: z.string().min(1) });

export type StudyState = 'running' | 'done' | 'failed' | 'cancelled';

/** Event `study.progress`. */
export interface StudyProgressEvent {
  runId: string;
  state: StudyState;
  /** Prompts scored so far, of `total`. */
  done: number;
  total: number;
  /** Set when state is 'failed'. */
  error?: { code: string; message: string };
}
