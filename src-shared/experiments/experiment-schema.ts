import { z } from 'zod';
import { CALIBRATION_METHODS } from '../calibration/methods.ts';
import { SAMPLING_MODES } from '../sampling/demonstrations.ts';
import { DATASET_FORMATS } from './dataset-types.ts';
import { designAxes, designCells, type DesignSource } from './design.ts';
import { CASINGS, DEFAULT_GRAMMAR, formatSpace, parseFormat, sampleFormats } from '../prompt/format-grammar.ts';

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

/** How a corrupted demonstration's label is replaced (see design.ts corruptDemonstrations). */
export const CORRUPTION_MODES = ['flip', 'random'] as const;

const distinct = <T>(values: T[]) => new Set(values.map((v) => JSON.stringify(v))).size === values.length;

export const ExperimentSpecSchema = z
  .strictObject({
    name: z.string().min(1),
    model: z.string().min(1).default('default'),
    /** Which graph of the model folder (fp32, fp16, q8, q4, q4f16, ... as transformers.js names them); absent: as transformers.js picks. */
    dtype: z.string().min(1).optional(),
    data: DataSchema,
    /** With `templates`, task.template is left out (the axis gives each condition its template). */
    task: TaskSchema.extend({ template: z.string().min(1).optional() }),
    /** A design axis: alternative templates (instead of task.template), crossed with the other axes. */
    templates: z.array(z.string().min(1)).min(1).refine(distinct, 'templates must be distinct').optional(),
    /** A design axis of templates drawn from a format grammar over task.template (FormatSpread, Sclar et al. 2023). */
    formats: z
      .strictObject({
        sample: z.number().int().positive(),
        seed: nonNegativeInt.default(0),
        grammar: z
          .strictObject({
            casing: z.array(z.enum(CASINGS)).min(1).refine(distinct, 'casings must be distinct').default(DEFAULT_GRAMMAR.casing),
            separators: z.array(z.string()).min(1).refine(distinct, 'separators must be distinct').default(DEFAULT_GRAMMAR.separators),
            joins: z.array(z.string().regex(/^\s[\s|]*$/, 'a join is whitespace, maybe with bars (" | ")')).min(1).refine(distinct, 'joins must be distinct').default(DEFAULT_GRAMMAR.joins),
          })
          .default(DEFAULT_GRAMMAR),
      })
      .optional(),
    /** A design axis: alternative label words, each in the form of task.labels (same class ids). */
    labelWords: z.array(z.record(z.string().min(1), labelWords)).min(1).refine(distinct, 'labelWords entries must be distinct').optional(),
    /** A design axis: the share of demonstrations whose shown label is replaced, each in [0, 1]. */
    labelCorruption: z.array(z.number().min(0).max(1)).min(1).refine(distinct, 'labelCorruption values must be distinct').optional(),
    /** flip: the next class in task.labels order; random: a uniformly drawn class (Min et al. 2022). */
    corruption: z.enum(CORRUPTION_MODES).optional(),
    /** Score only this many (seed, cell, order) conditions of the full design, drawn seeded. */
    budget: z
      .union([z.number().int().positive().transform((conditions) => ({ conditions, seed: 0 })), z.strictObject({ conditions: z.number().int().positive(), seed: nonNegativeInt.default(0) })])
      .optional(),
    /** Demonstrations per prompt; a list (e.g. [0, 1, 4, 8]) is a design axis, crossed with the others in one run. */
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
    designIssues(spec).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }));
    const pinnedIds = spec.demonstrations?.ids;
    const idCounts = pinnedIds === undefined ? [] : Array.isArray(pinnedIds) ? [pinnedIds.length] : Object.values(pinnedIds).map((ids) => ids.length);
    if (spec.shots === undefined && spec.shotsPerClass === undefined && idCounts.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['shots'], message: 'required (or give shotsPerClass or demonstrations.ids)' });
    }
    demonstrationIssues(spec, idCounts).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }));
    const shots = spec.shots;
    if (Array.isArray(shots)) {
      if (spec.shotsPerClass !== undefined || spec.demonstrations?.ids) ctx.addIssue({ code: 'custom', path: ['shots'], message: 'a list of shots (a design axis) cannot be combined with shotsPerClass or demonstrations.ids' });
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

/** Problems of the design axes (templates, labelWords, labelCorruption, budget) against the rest of the file. */
function designIssues(spec: ExperimentSpecParsed): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (spec.templates && spec.task.template !== undefined) issues.push({ path: ['templates'], message: 'give task.template or templates, not both' });
  if (!spec.templates && spec.task.template === undefined) issues.push({ path: ['task', 'template'], message: 'required (or give templates)' });
  if (spec.formats) {
    if (spec.templates) issues.push({ path: ['formats'], message: 'give templates or formats, not both' });
    else if (spec.task.template !== undefined) {
      const parsed = parseFormat(spec.task.template);
      if ('problem' in parsed) issues.push({ path: ['formats'], message: `task.template: ${parsed.problem}` });
      else {
        const space = formatSpace(parsed.pieces, spec.formats.grammar).length;
        if (spec.formats.sample > space) issues.push({ path: ['formats', 'sample'], message: `${spec.formats.sample} exceeds the grammar's ${space} distinct formats of task.template; use at most ${space}` });
      }
    }
  }
  const classes = Object.keys(spec.task.labels);
  spec.labelWords?.forEach((words, i) => {
    const ids = Object.keys(words);
    const missing = classes.filter((c) => !ids.includes(c));
    const extra = ids.filter((c) => !classes.includes(c));
    if (missing.length > 0 || extra.length > 0) {
      issues.push({ path: ['labelWords', i], message: `needs exactly the classes of task.labels (${classes.join(', ')}); ${missing.length > 0 ? `missing ${missing.join(', ')}` : `unknown ${extra.join(', ')}`}` });
    }
  });
  if (spec.corruption !== undefined && !spec.labelCorruption) issues.push({ path: ['corruption'], message: 'goes with labelCorruption' });
  if (spec.labelCorruption && spec.corruption === undefined) issues.push({ path: ['corruption'], message: 'required with labelCorruption: flip (the next class) or random (a uniformly drawn class)' });
  if (spec.labelCorruption?.some((r) => r > 0) && spec.demonstrations?.ids) issues.push({ path: ['labelCorruption'], message: 'corrupts drawn demonstrations; it cannot be combined with demonstrations.ids' });
  if (spec.probing?.source === 'generated' && designCells(designAxes(designSource(spec))).length > 1) {
    issues.push({ path: ['probing', 'source'], message: 'generated probing sets are built for one template and one set of label words per seed; with design axes (lists of shots, templates, formats, labelWords or labelCorruption) use source: test' });
  }
  if (spec.budget) {
    const cells = designCells(designAxes(designSource(spec))).length;
    const orders = spec.orders === 'first' ? 1 : spec.orders === 'all' ? null : spec.orders.sample;
    const total = orders === null ? null : spec.seeds.length * cells * orders;
    if (total !== null && spec.budget.conditions > total) {
      issues.push({ path: ['budget', 'conditions'], message: `${spec.budget.conditions} exceeds the design's ${total} conditions (seeds x cells x orders); use fewer, or leave budget out` });
    }
  }
  return issues;
}

/** The design's list-valued fields of a parsed file. */
function designSource(parsed: ExperimentSpecParsed): DesignSource {
  return { shots: parsed.shots ?? 0, templates: parsed.templates ?? formatTemplates(parsed), labelWords: parsed.labelWords, labelCorruption: parsed.labelCorruption };
}

/** The templates `formats` draws from task.template, or undefined (called once the file is valid, or guarded). */
function formatTemplates(parsed: ExperimentSpecParsed): string[] | undefined {
  const f = parsed.formats;
  if (!f || parsed.task.template === undefined || 'problem' in parseFormat(parsed.task.template)) return undefined;
  return sampleFormats(parsed.task.template, f.grammar, f.sample, f.seed);
}

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
export interface ExperimentSpec extends Omit<ExperimentSpecParsed, 'task'> {
  task: ExperimentSpecParsed['task'] & { template: string };
  /** The largest value of a shots axis, or the one value; a condition's own is cellSpec(spec, cell).shots. */
  shots: number;
  /** The design's list-valued fields as the file gave them (absent in runs stored before design axes). */
  design?: DesignSource;
  /** Class ids in file order. */
  classes: string[];
  /** Stored with the run: what contextPolicy skip-example / truncate-input did to the test examples. */
  contextReport?: ContextReport;
}

/**
 * Fill derived values: the total shot count (the largest of a shots axis), the class list, the
 * first template of a templates axis as task.template, and the design's lists under `design`.
 */
export function normalizeSpec(parsed: ExperimentSpecParsed): ExperimentSpec {
  const classes = Object.keys(parsed.task.labels);
  const ids = parsed.demonstrations?.ids;
  const listed = ids === undefined ? undefined : Array.isArray(ids) ? ids.length : Object.values(ids)[0].length;
  const single = Array.isArray(parsed.shots) ? Math.max(...parsed.shots) : parsed.shots;
  const shots = single ?? listed ?? (parsed.shotsPerClass ?? 0) * classes.length;
  const design: DesignSource = { ...designSource(parsed), shots: Array.isArray(parsed.shots) ? parsed.shots : shots };
  // With formats the drawn variants are the templates axis; task.template stays the base they were drawn from.
  const template = parsed.task.template ?? parsed.templates![0];
  const hasAxes = designAxes(design).length > 0;
  return { ...parsed, task: { ...parsed.task, template }, shots, classes, sampling: parsed.shotsPerClass !== undefined ? 'balanced' : parsed.sampling, ...(hasAxes ? { design } : {}) };
}
