import { z } from 'zod';
import { DataSchema, LABEL_MODES, SeedsSchema, TaskSchema } from '../experiments/experiment-schema.ts';
import { SAMPLING_MODES } from '../sampling/demonstrations.ts';

/**
 * The learning-curve file: an experiment file's model, data and task, plus budgets and methods.
 *
 * Shaped like the experiment file (CONTRACT.md) on purpose, so a study and a learning curve of the
 * same model and data are written the same way and can sit side by side. Unknown fields are errors.
 */
export const FINETUNE_METHODS = ['head', 'calibration-diagonal', 'calibration-full', 'prompt', 'prompt-contextual'] as const;
export type FinetuneMethod = (typeof FINETUNE_METHODS)[number];

export const FinetuneSpecSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1).default('default'),
  /** Which graph of the model folder, as in experiment files. */
  dtype: z.string().min(1).optional(),
  data: DataSchema,
  task: TaskSchema,
  /** Labelled examples k spent per condition. */
  budgets: z.array(z.number().int().positive()).min(1).refine((b) => new Set(b).size === b.length, 'budgets must be distinct'),
  seeds: SeedsSchema,
  /** How the k examples are drawn; balanced avoids single-class draws at small k. */
  sampling: z.enum(SAMPLING_MODES).default('balanced'),
  methods: z.array(z.enum(FINETUNE_METHODS)).min(1).refine((m) => new Set(m).size === m.length, 'methods must be distinct').default([...FINETUNE_METHODS]),
  features: z
    .strictObject({
      pooling: z.enum(['last', 'mean']).default('last'),
      /** use: read and fill the cache; only: fail unless every feature is cached; refresh: recompute. */
      cache: z.enum(['use', 'only', 'refresh']).default('use'),
    })
    .default({ pooling: 'last', cache: 'use' }),
  head: z
    .strictObject({
      l2: z.number().nonnegative().default(1e-2),
      classWeight: z.enum(['none', 'balanced']).default('balanced'),
      validationFraction: z.number().min(0).lt(1).default(0.25),
      patience: z.number().int().positive().default(10),
      maxIterations: z.number().int().positive().default(300),
    })
    .default({ l2: 1e-2, classWeight: 'balanced', validationFraction: 0.25, patience: 10, maxIterations: 300 }),
  calibrationFit: z.strictObject({ l2: z.number().nonnegative().default(1e-2) }).default({ l2: 1e-2 }),
  contentFree: z.array(z.string()).min(1).default(['N/A', '', '[MASK]']),
  /** block: the content-free string replaces the whole input block (Zhao et al.); fields: each field (Fei et al.). */
  contentFreeMode: z.enum(['block', 'fields']).default('block'),
  labelMode: z.enum(LABEL_MODES).default('single-token'),
  /** Texts per engine call. */
  batchSize: z.number().int().positive().max(1024).default(16),
});

export type FinetuneSpecParsed = z.output<typeof FinetuneSpecSchema>;

export interface FinetuneSpec extends FinetuneSpecParsed {
  /** Class ids in file order. */
  classes: string[];
}
