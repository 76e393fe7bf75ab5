import { z } from 'zod';
import { CALIBRATION_METHODS } from '../calibration/methods.ts';
import { SAMPLING_MODES } from '../sampling/demonstrations.ts';
import { DATASET_FORMATS } from './dataset-types.ts';

/**
 * The experiment file (CONTRACT.md "Experiment file"), validated field by field.
 *
 * Everything CONTRACT.md shows is here with the same names and defaults that reproduce Zhao et al.
 * 2021's set-up; the extra fields (labelMode, contextPolicy, shotsPerClass, domain, batchSize) are
 * optional, like the protocol fields (demonstrations, contentFreeMode, calibratedProbabilities,
 * truncateSide). Unknown fields are errors so a typo (`seed:` for `seeds:`) never silently runs a
 * different study.
 */
const nonNegativeInt = z.number().int().nonnegative();

/** How demonstrations are drawn: the sampler's modes, and numpy's legacy draws as Zhao et al.'s code makes them. */
export const STUDY_SAMPLING_MODES = [...SAMPLING_MODES, 'zhao2021'] as const;

/**
 * How a label word is scored: single-token (a split word is an error), first-token (Zhao et al. 2021),
 * full-sequence (sum of its tokens' log-probabilities, as lm-evaluation-harness does) or
 * length-normalized (that sum over the token count).
 */
export const LABEL_MODES = ['single-token', 'first-token', 'full-sequence', 'length-normalized'] as const;

export const DataFileSchema = z.strictObject({
  path: z.string().min(1),
  format: z.enum(DATASET_FORMATS),
  columns: z.strictObject({ text: z.string().min(1).optional(), label: z.string().min(1).optional() }).optional(),
  /** Draw this many rows (without replacement, seeded) instead of using the whole file. */
  sample: z.number().int().positive().optional(),
  seed: nonNegativeInt.optional(),
  /** Exactly these rows, by the ids the loader gives them (test files only; instead of `sample`). */
  ids: z.array(z.string().min(1)).min(1).refine((ids) => new Set(ids).size === ids.length, 'ids must be distinct').optional(),
});

const labelWords = z.union([z.string().min(1).transform((w) => [w]), z.array(z.string().min(1)).min(1)]);

/** `data:` of an experiment file; learning-curve files use the same block. */
export const DataSchema = z.strictObject({ train: DataFileSchema, test: DataFileSchema }).superRefine((data, ctx) => {
  if (data.train.ids) ctx.addIssue({ code: 'custom', path: ['train', 'ids'], message: 'only the test file takes ids; pin demonstrations with demonstrations.ids' });
  if (data.test.ids && data.test.sample !== undefined) ctx.addIssue({ code: 'custom', path: ['test', 'ids'], message: 'give ids or sample, not both' });
});

const idList = z.array(z.string().min(1)).refine((ids) => new Set(ids).size === ids.length, 'ids must be distinct');

/** `demonstrations:` pins the demonstration set (or part of it) by the rows' ids. */
export const DemonstrationsSchema = z.strictObject({
  /** Exactly these demonstrations: one list for every seed, or one list per seed. */
  ids: z.union([idList.min(1), z.record(z.string().regex(/^\d+$/, 'expected a seed number'), idList.min(1))]).optional(),
  /** Always in the set; the rest is drawn by `sampling`. */
  pinned: idList.optional(),
  /** Never drawn. */
  excluded: idList.optional(),
});

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

export const CalibrationMethodSchema = z.enum(CALIBRATION_METHODS);

/** Where Lu et al. 2022's GlobalE / LocalE are measured: the study's test inputs (labels unused) or a probing set the model generates. */
export const PROBING_SOURCES = ['test', 'generated'] as const;

/**
 * `probing:` Lu et al. 2022's probing set. `generated`: every order's demonstrations are continued
 * by the model after the template's opening text (their sampling: temperature 2, top-k 20, 128
 * tokens, once with 3-gram and once with 5-gram blocking), the continuations are parsed with the
 * template, and the distinct inputs of all the seed's orders (at least `minWords` words per field,
 * at most `size`, drawn with `seed` when there are more) are scored by every order.
 */
export const PROBING_DEFAULTS = { source: 'test', seed: 0, temperature: 2, topK: 20, maxTokens: 128, noRepeatNgram: [3, 5], minWords: 5 } as const;

export const ProbingSchema = z.strictObject({
  source: z.enum(PROBING_SOURCES).default(PROBING_DEFAULTS.source),
  /** At most this many probing inputs per demonstration set; absent: every distinct parsed input (Lu's code keeps them all). */
  size: z.number().int().positive().optional(),
  seed: nonNegativeInt.default(PROBING_DEFAULTS.seed),
  temperature: z.number().positive().default(PROBING_DEFAULTS.temperature),
  topK: z.number().int().positive().default(PROBING_DEFAULTS.topK),
  maxTokens: z.number().int().positive().max(4096).default(PROBING_DEFAULTS.maxTokens),
  /** One generation per order for each value (Lu et al. run 3 and 5 and pool them); 0 = no blocking. */
  noRepeatNgram: z.array(nonNegativeInt).min(1).refine((n) => new Set(n).size === n.length, 'values must be distinct').default([...PROBING_DEFAULTS.noRepeatNgram]),
  /** A parsed input with fewer words in any field is left out (Lu's `min_length`). */
  minWords: nonNegativeInt.default(PROBING_DEFAULTS.minWords),
});

export const ExperimentSpecSchema = z
  .strictObject({
    name: z.string().min(1),
    model: z.string().min(1).default('default'),
    /** Which graph of the model folder (fp32, fp16, q8, q4, q4f16, ... as transformers.js names them); absent: as transformers.js picks. */
    dtype: z.string().min(1).optional(),
    data: DataSchema,
    task: TaskSchema,
    /** Demonstrations per prompt; a list (e.g. [0, 1, 4, 8]) is a sweep: one study per value, summarised together. */
    shots: z.union([nonNegativeInt, z.array(nonNegativeInt).min(1).refine((s) => new Set(s).size === s.length, 'shots must be distinct')]).optional(),
    /** k per class (Lu et al.'s n_shot); shots = shotsPerClass x classes, with balanced sampling. */
    shotsPerClass: z.number().int().positive().optional(),
    seeds: SeedsSchema,
    /** zhao2021: numpy's legacy RandomState draws, as Zhao et al.'s code makes them. */
    sampling: z.enum(STUDY_SAMPLING_MODES).default('uniform'),
    demonstrations: DemonstrationsSchema.optional(),
    orders: OrdersSchema.default('first'),
    calibration: z.array(CalibrationMethodSchema).min(1).default(['none', 'contextual']),
    contentFree: z.array(z.string()).min(1).default(['N/A', '', '[MASK]']),
    /** block: a content-free string replaces the whole input block (Zhao et al.); fields: each field (Fei et al.). */
    contentFreeMode: z.enum(['block', 'fields']).default('block'),
    /** softmax: q = softmax(W p + b), W = diag(p_cf)^-1, b = 0 (Zhao et al.'s definition); ratio: (p / p_cf) renormalised. */
    calibratedProbabilities: z.enum(['softmax', 'ratio']).default('softmax'),
    /** Domain-context calibration (Fei et al. 2023): how many random in-domain texts. */
    domain: z.strictObject({ count: z.number().int().positive().default(20), seed: nonNegativeInt.optional() }).default({ count: 20 }),
    /**
     * single-token: a label word that is not one token is an error; first-token: score its first
     * token (Zhao); full-sequence: the sum of its tokens' log-probabilities; length-normalized: their mean.
     */
    labelMode: z.enum(LABEL_MODES).default('single-token'),
    /** What to do when a prompt does not fit the model's context. */
    contextPolicy: z.enum(['reject', 'drop-oldest', 'skip-example', 'truncate-input']).default('reject'),
    /** With truncate-input: which end of the input field is cut. */
    truncateSide: z.enum(['left', 'right']).default('left'),
    /** Lu et al.'s probing set for GlobalE / LocalE: the test inputs (absent, or source test) or one the model generates. */
    probing: ProbingSchema.optional(),
    /** Prompts per engine call (test examples and content-free inputs of one condition). */
    batchSize: z.number().int().positive().max(1024).default(32),
    /** A paper's numbers to print beside a sweep's rows: shots -> method -> accuracy in [0, 1] (null: not known). */
    reference: z
      .strictObject({
        source: z.string().min(1),
        accuracy: z.record(z.string().regex(/^\d+$/, 'expected a shot count'), z.record(z.string(), z.number().min(0).max(1).nullable())).default({}),
      })
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const pinnedIds = spec.demonstrations?.ids;
    const idCounts = pinnedIds === undefined ? [] : Array.isArray(pinnedIds) ? [pinnedIds.length] : Object.values(pinnedIds).map((ids) => ids.length);
    if (spec.shots === undefined && spec.shotsPerClass === undefined && idCounts.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['shots'], message: 'required (or give shotsPerClass or demonstrations.ids)' });
    }
    demonstrationIssues(spec, idCounts).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }));
    const shots = spec.shots;
    if (Array.isArray(shots)) {
      if (spec.shotsPerClass !== undefined || spec.demonstrations?.ids) ctx.addIssue({ code: 'custom', path: ['shots'], message: 'a list of shots (a sweep) cannot be combined with shotsPerClass or demonstrations.ids' });
      const k = Math.max(...shots);
      if (spec.orders === 'all' && k > 8) ctx.addIssue({ code: 'custom', path: ['orders'], message: `"all" with ${k} shots is ${k}! orders; use { sample: N, seed: S }` });
      return;
    }
    const classes = Object.keys(spec.task.labels).length;
    if (shots !== undefined && spec.shotsPerClass !== undefined && shots !== spec.shotsPerClass * classes) {
      ctx.addIssue({ code: 'custom', path: ['shots'], message: `is ${shots} but shotsPerClass x classes is ${spec.shotsPerClass * classes}; give one of them` });
    }
    const k = shots ?? idCounts[0] ?? (spec.shotsPerClass ?? 0) * classes;
    if (spec.orders === 'all' && k > 8) {
      ctx.addIssue({ code: 'custom', path: ['orders'], message: `"all" with ${k} shots is ${k}! orders; use { sample: N, seed: S }` });
    }
  });

/** Problems of `demonstrations:` against the rest of the file, each with its path. */
function demonstrationIssues(spec: ExperimentSpecParsed, idCounts: number[]): { path: (string | number)[]; message: string }[] {
  const demos = spec.demonstrations;
  if (!demos) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const ids = demos.ids;
  if (ids !== undefined) {
    if (demos.pinned || demos.excluded) issues.push({ path: ['demonstrations', 'ids'], message: 'give ids, or pinned/excluded, not both' });
    if (spec.shotsPerClass !== undefined) issues.push({ path: ['demonstrations', 'ids'], message: 'cannot be combined with shotsPerClass' });
    if (new Set(idCounts).size > 1) issues.push({ path: ['demonstrations', 'ids'], message: `every seed needs the same number of demonstrations (got ${idCounts.join(', ')})` });
    if (typeof spec.shots === 'number' && idCounts.some((n) => n !== spec.shots)) issues.push({ path: ['shots'], message: `is ${spec.shots} but demonstrations.ids lists ${idCounts[0]}; give one of them` });
    if (!Array.isArray(ids)) {
      const missing = spec.seeds.filter((seed) => ids[String(seed)] === undefined);
      const extra = Object.keys(ids).filter((seed) => !spec.seeds.includes(Number(seed)));
      if (missing.length > 0) issues.push({ path: ['demonstrations', 'ids'], message: `has no list for seed ${missing.join(', ')}` });
      if (extra.length > 0) issues.push({ path: ['demonstrations', 'ids', extra[0]], message: `seed ${extra[0]} is not in seeds` });
    }
  }
  const both = (demos.pinned ?? []).filter((id) => (demos.excluded ?? []).includes(id));
  if (both.length > 0) issues.push({ path: ['demonstrations', 'pinned'], message: `${both[0]} is both pinned and excluded` });
  if (spec.sampling === 'zhao2021' && (demos.pinned?.length || demos.excluded?.length)) {
    issues.push({ path: ['sampling'], message: 'zhao2021 draws from the whole training pool, as the paper\'s code does; it cannot take pinned or excluded demonstrations' });
  }
  return issues;
}

export type ExperimentSpecInput = z.input<typeof ExperimentSpecSchema>;
export type ExperimentSpecParsed = z.output<typeof ExperimentSpecSchema>;
export type { CalibrationMethod } from '../calibration/methods.ts';
export type OrdersSpec = z.output<typeof OrdersSchema>;
export type DataFileSpec = z.output<typeof DataFileSchema>;
/** A data file as a caller writes it (defaults may be left out). */
export type DataFileInput = z.input<typeof DataFileSchema>;
export type LabelMode = ExperimentSpecParsed['labelMode'];
export type ContextPolicy = ExperimentSpecParsed['contextPolicy'];
export type SamplingMode = ExperimentSpecParsed['sampling'];
export type ProbingSpec = z.output<typeof ProbingSchema>;

/** What contextPolicy skip-example / truncate-input did to the test examples (stored with the run's spec). */
export interface ContextReport {
  policy: 'reject' | 'drop-oldest' | 'skip-example' | 'truncate-input';
  side: 'left' | 'right';
  /** Test examples left out: their prompt did not fit under some condition. */
  skipped: string[];
  /** Test examples whose input field was cut, and how many characters went. */
  truncated: { exampleId: string; field: string; removedChars: number }[];
}

/** A validated experiment with its derived values filled in (one value of a sweep). */
export interface ExperimentSpec extends ExperimentSpecParsed {
  shots: number;
  /** Class ids in file order. */
  classes: string[];
  /** Stored with the run: what contextPolicy skip-example / truncate-input did to the test examples. */
  contextReport?: ContextReport;
}

/** The values a sweep runs (`shots: [0, 1, 4, 8]`), or null for a single study. */
export function sweepValues(parsed: ExperimentSpecParsed): number[] | null {
  return Array.isArray(parsed.shots) ? parsed.shots : null;
}

/** One study per swept value, named after it; a file without a list gives itself. */
export function expandSweep(parsed: ExperimentSpecParsed): ExperimentSpec[] {
  const values = sweepValues(parsed);
  if (!values) return [normalizeSpec(parsed)];
  return values.map((shots) => normalizeSpec({ ...parsed, name: `${parsed.name} [shots=${shots}]`, shots }));
}

/** Fill derived values: the total shot count and the class list. */
export function normalizeSpec(parsed: ExperimentSpecParsed): ExperimentSpec {
  if (Array.isArray(parsed.shots)) throw new Error(`shots: a list (${parsed.shots.join(', ')}) is a sweep; run it with promptscope run FILE`);
  const classes = Object.keys(parsed.task.labels);
  const ids = parsed.demonstrations?.ids;
  const listed = ids === undefined ? undefined : Array.isArray(ids) ? ids.length : Object.values(ids)[0].length;
  const shots = parsed.shots ?? listed ?? (parsed.shotsPerClass ?? 0) * classes.length;
  return { ...parsed, shots, classes, sampling: parsed.shotsPerClass !== undefined ? 'balanced' : parsed.sampling };
}
