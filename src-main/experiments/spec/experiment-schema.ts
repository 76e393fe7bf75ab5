import { z } from 'zod';

/**
 * The experiment file (CONTRACT.md "Experiment file"), validated field by field.
 *
 * Everything CONTRACT.md shows is here with the same names and defaults that reproduce Zhao et al.
 * 2021's set-up; the extra fields (labelMode, contextPolicy, shotsPerClass, domain, batchSize) are
 * optional. Unknown fields are errors so a typo (`seed:` for `seeds:`) never silently runs a
 * different study.
 */
const nonNegativeInt = z.number().int().nonnegative();

export const DataFileSchema = z.strictObject({
  path: z.string().min(1),
  format: z.enum(['sst2', 'csv', 'tsv', 'jsonl']),
  columns: z.strictObject({ text: z.string().min(1).optional(), label: z.string().min(1).optional() }).optional(),
  /** Draw this many rows (without replacement, seeded) instead of using the whole file. */
  sample: z.number().int().positive().optional(),
  seed: nonNegativeInt.optional(),
});

const labelWords = z.union([z.string().min(1).transform((w) => [w]), z.array(z.string().min(1)).min(1)]);

/** `data:` of an experiment file; learning-curve files use the same block. */
export const DataSchema = z.strictObject({ train: DataFileSchema, test: DataFileSchema });

/** `task:` of an experiment file (prompt format and label words); learning-curve files use the same block. */
export const TaskSchema = z.strictObject({
  instruction: z.string().default(''),
  template: z.string().min(1),
  separator: z.string().default('\n\n'),
  labels: z.record(z.string().min(1), labelWords).refine((labels) => Object.keys(labels).length >= 2, 'needs at least two classes'),
});

/** `seeds:` of experiment and learning-curve files: one or more distinct non-negative integers. */
export const SeedsSchema = z.array(nonNegativeInt).min(1).refine((s) => new Set(s).size === s.length, 'seeds must be distinct');

export const OrdersSchema = z.union([
  z.literal('all'),
  z.literal('first'),
  z.strictObject({ sample: z.number().int().positive(), seed: nonNegativeInt.default(0) }),
]);

export const CalibrationMethodSchema = z.enum(['none', 'contextual', 'batch', 'domain']);

export const ExperimentSpecSchema = z
  .strictObject({
    name: z.string().min(1),
    model: z.string().min(1).default('default'),
    data: DataSchema,
    task: TaskSchema,
    shots: nonNegativeInt.optional(),
    /** k per class (Lu et al.'s n_shot); shots = shotsPerClass x classes, with balanced sampling. */
    shotsPerClass: z.number().int().positive().optional(),
    seeds: SeedsSchema,
    /** Training ids always among a seed's demonstrations (pinned) or never drawn (excluded). */
    demonstrations: z
      .strictObject({ pinned: z.array(z.string().min(1)).default([]), excluded: z.array(z.string().min(1)).default([]) })
      .default({ pinned: [], excluded: [] }),
    sampling: z.enum(['uniform', 'balanced']).default('uniform'),
    orders: OrdersSchema.default('first'),
    calibration: z.array(CalibrationMethodSchema).min(1).default(['none', 'contextual']),
    contentFree: z.array(z.string()).min(1).default(['N/A', '', '[MASK]']),
    /** Domain-context calibration (Fei et al. 2023): how many random in-domain texts. */
    domain: z.strictObject({ count: z.number().int().positive().default(20), seed: nonNegativeInt.optional() }).default({ count: 20 }),
    /** single-token: a label word that is not one token is an error; first-token: score its first token (Zhao). */
    labelMode: z.enum(['single-token', 'first-token']).default('single-token'),
    /** What to do when a prompt does not fit the model's context. */
    contextPolicy: z.enum(['reject', 'drop-oldest']).default('reject'),
    /** Prompts per engine call (test examples and content-free inputs of one condition). */
    batchSize: z.number().int().positive().max(1024).default(32),
  })
  .superRefine((spec, ctx) => {
    if (spec.shots === undefined && spec.shotsPerClass === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shots'], message: 'required (or give shotsPerClass)' });
    }
    const classes = Object.keys(spec.task.labels).length;
    if (spec.shots !== undefined && spec.shotsPerClass !== undefined && spec.shots !== spec.shotsPerClass * classes) {
      ctx.addIssue({ code: 'custom', path: ['shots'], message: `is ${spec.shots} but shotsPerClass x classes is ${spec.shotsPerClass * classes}; give one of them` });
    }
    const k = spec.shots ?? (spec.shotsPerClass ?? 0) * classes;
    if (spec.orders === 'all' && k > 8) {
      ctx.addIssue({ code: 'custom', path: ['orders'], message: `"all" with ${k} shots is ${k}! orders; use { sample: N, seed: S }` });
    }
  });

export type ExperimentSpecInput = z.input<typeof ExperimentSpecSchema>;
export type ExperimentSpecParsed = z.output<typeof ExperimentSpecSchema>;
export type CalibrationMethod = z.infer<typeof CalibrationMethodSchema>;
export type OrdersSpec = z.output<typeof OrdersSchema>;
export type DataFileSpec = z.output<typeof DataFileSchema>;

/** A validated experiment with its derived values filled in. */
export interface ExperimentSpec extends ExperimentSpecParsed {
  shots: number;
  /** Class ids in file order. */
  classes: string[];
}

/** Fill derived values: the total shot count and the class list. */
export function normalizeSpec(parsed: ExperimentSpecParsed): ExperimentSpec {
  const classes = Object.keys(parsed.task.labels);
  const shots = parsed.shots ?? (parsed.shotsPerClass ?? 0) * classes.length;
  return { ...parsed, shots, classes, sampling: parsed.shotsPerClass !== undefined ? 'balanced' : parsed.sampling };
}
