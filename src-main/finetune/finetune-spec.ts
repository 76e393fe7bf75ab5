import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ExperimentInputError } from '../experiments/errors.ts';
import { DataFileSchema } from '../experiments/spec/experiment-schema.ts';

/**
 * The learning-curve file: an experiment file's model, data and task, plus budgets and methods.
 *
 * Shaped like the experiment file (CONTRACT.md) on purpose, so a study and a learning curve of the
 * same model and data are written the same way and can sit side by side. Unknown fields are errors.
 */
export const FINETUNE_METHODS = ['head', 'calibration-diagonal', 'calibration-full', 'prompt', 'prompt-contextual'] as const;
export type FinetuneMethod = (typeof FINETUNE_METHODS)[number];

const nonNegativeInt = z.number().int().nonnegative();
const labelWords = z.union([z.string().min(1).transform((w) => [w]), z.array(z.string().min(1)).min(1)]);

export const FinetuneSpecSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1).default('default'),
  data: z.strictObject({ train: DataFileSchema, test: DataFileSchema }),
  task: z.strictObject({
    instruction: z.string().default(''),
    template: z.string().min(1),
    separator: z.string().default('\n\n'),
    labels: z.record(z.string().min(1), labelWords).refine((labels) => Object.keys(labels).length >= 2, 'needs at least two classes'),
  }),
  /** Labelled examples k spent per condition. */
  budgets: z.array(z.number().int().positive()).min(1).refine((b) => new Set(b).size === b.length, 'budgets must be distinct'),
  seeds: z.array(nonNegativeInt).min(1).refine((s) => new Set(s).size === s.length, 'seeds must be distinct'),
  /** How the k examples are drawn; balanced avoids single-class draws at small k. */
  sampling: z.enum(['uniform', 'balanced']).default('balanced'),
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
  labelMode: z.enum(['single-token', 'first-token']).default('single-token'),
  /** Texts per engine call. */
  batchSize: z.number().int().positive().max(1024).default(16),
});

export type FinetuneSpecParsed = z.output<typeof FinetuneSpecSchema>;

export interface FinetuneSpec extends FinetuneSpecParsed {
  /** Class ids in file order. */
  classes: string[];
}

export interface LoadedFinetune {
  spec: FinetuneSpec;
  file: string;
}

/** Read and validate a learning-curve file (YAML or JSON); data paths become absolute. */
export function loadFinetuneFile(file: string): LoadedFinetune {
  const label = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExperimentInputError(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code})`}`, 'FINETUNE_FILE');
  }
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ExperimentInputError(`${label}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`, 'FINETUNE_SYNTAX');
  }
  const spec = parseFinetuneSpec(doc.toJS(), label);
  const baseDir = path.dirname(path.resolve(file));
  const resolve = (p: string) => (path.isAbsolute(p) ? p : path.resolve(baseDir, p));
  spec.data = { train: { ...spec.data.train, path: resolve(spec.data.train.path) }, test: { ...spec.data.test, path: resolve(spec.data.test.path) } };
  return { spec, file: path.resolve(file) };
}

/** Validate a learning-curve object; `label` prefixes error messages. */
export function parseFinetuneSpec(value: unknown, label = 'finetune'): FinetuneSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ExperimentInputError(`${label}: expected a mapping of fields (name, model, data, task, budgets, seeds, methods, ...)`, 'FINETUNE_FIELD');
  }
  const result = FinetuneSpecSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => (field ? `${field}.${k}` : k)).join(', ')}` : `${field ? `${field}: ` : ''}${issue.message}`;
    throw new ExperimentInputError(`${label}: ${message}`, 'FINETUNE_FIELD');
  }
  return { ...result.data, classes: Object.keys(result.data.task.labels) };
}
