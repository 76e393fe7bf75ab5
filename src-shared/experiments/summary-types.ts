import type { Aggregate } from '../metrics/index.ts';

/**
 * The shape of a run's summary (CONTRACT.md "Summary"), declared once here because both sides use
 * it: src-main/experiments/summary.ts computes it from stored rows, and the API hands it (or parts
 * of it, under the names src-shared/api/runs.ts exports) to the renderer. Pure types.
 */

/** One (seed, order, method) row of CONTRACT.md's summary. */
export interface ConditionResult {
  seed: number;
  orderIndex: number;
  /** The demonstrations really in the prompt, oldest first. */
  order: string[];
  /** How many demonstrations the prompt really had (after drop-oldest); always set by the summary. */
  shots?: number;
  method: string;
  accuracy: number;
  macroF1: number;
}

export interface BasicStats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** How the run scored and calibrated, so a reader knows which protocol the numbers follow. */
export interface SummaryProtocol {
  labelMode: string;
  /** block (Zhao et al.: the whole input block) or fields (Fei et al.: each field). */
  contentFreeMode: string;
  /** softmax: q = softmax(W p̂ + b), W = diag(p_cf)^-1, b = 0; ratio: (p / p_cf) renormalised. */
  calibratedProbabilities: string;
  sampling: string;
  contextPolicy: string;
}

/** Analyses beyond CONTRACT.md's fields, all computed from the same stored rows. */
export interface SummaryDetails {
  status: string;
  /** Always set by the summary (optional for summaries stored before it was). */
  protocol?: SummaryProtocol;
  /** Everything the run changed, dropped or cut to fit (also printed on stderr). */
  warnings?: string[];
  conditionsScored: number;
  conditionsPlanned: number;
  testExamples: number;
  classes: string[];
  methods: string[];
  /** method -> pooled accuracy stats over every (seed, order), with range and worst case. */
  accuracy: Record<string, Aggregate>;
  /** method -> per-seed accuracy stats over that seed's orders. */
  accuracyPerSeed: Record<string, ({ seed: number } & Aggregate)[]>;
  macroF1: Record<string, Aggregate>;
  /** method -> ECE (10 bins), Brier and NLL pooled over conditions; null where the output is not a distribution (batch). */
  calibration: Record<string, { ece: Aggregate; brier: Aggregate; nll: Aggregate } | null>;
  /** method -> fraction of test examples whose prediction changes across orders, per seed and mean. */
  flipRate: Record<string, { perSeed: { seed: number; rate: number }[]; mean: number }>;
  /** Gold label distribution of the test sample. */
  goldDistribution: Record<string, number>;
  /** method -> predicted label distribution, pooled over conditions. */
  predictedDistribution: Record<string, Record<string, number>>;
  /** p_cf per condition: each content-free input and the average, renormalised, with distances from uniform. */
  contentFree: { seed: number; orderIndex: number; perInput: { input: string; probs: Record<string, number> }[]; average: Record<string, number>; tvd: number; kl: number }[];
  /** p_cf averaged over every condition (mean of the per-condition averages). */
  contentFreeMean: Record<string, number> | null;
  /** method -> by demonstration label counts (e.g. "0:3,1:1"): conditions and the rate of predicting each label. */
  majorityLabel: Record<string, { pattern: string; majority: string | null; conditions: number; predictedRate: Record<string, number>; majorityRate: number | null }[]>;
  /** method -> rate of predictions equal to the last demonstration's label, against the gold rate of that label. */
  recency: Record<string, { rate: number; chance: number }>;
  /**
   * Lu et al.'s entropy probes, per condition, on the probing set `probing.source` names (the test
   * inputs with their labels unused, or the generated probing set), with the uncalibrated test accuracy.
   */
  entropy: {
    /** Absent in summaries of runs stored before probing sets existed: those used the test inputs. */
    probing?: ProbingSummary;
    probes: { seed: number; orderIndex: number; globalE: number; localE: number; accuracy: number }[];
    /** Per demonstration set (seed) as Lu et al. select: correlations (null where undefined) and the top-k mean (null when a seed has k or fewer orders); the top level averages the seeds' defined values. */
    globalE: EntropySelection;
    localE: EntropySelection;
    allOrdersMean: number | null;
    oracleMean: number | null;
  };
}

/** What a probing set was made of, per demonstration set (seed). */
export interface ProbingSummary {
  source: 'test' | 'generated';
  /** The generation settings (generated only). */
  settings?: { temperature: number; topK: number; maxTokens: number; noRepeatNgram: number[]; minWords: number; size: number | null; seed: number };
  perSeed: ({ seed: number; size: number } & Partial<Omit<ProbeSetReport, 'seed' | 'size' | 'generations'>>)[];
}

/**
 * How one seed's generated probing set was made: every parsed input is counted once, in the
 * first of the steps that left it out, so parsed = tooShort + duplicates + overLength + overSize + size.
 */
export interface ProbeSetReport {
  seed: number;
  /** Every continuation: the order that was continued, its n-gram blocking, the text and its token count. */
  generations: { orderIndex: number; noRepeatNgram: number; text: string; tokens: number }[];
  /** Complete examples the template matched. */
  parsed: number;
  /** Openings of the template that never reached the end of the answer line (e.g. cut by maxTokens). */
  incomplete: number;
  /** A field had fewer than minWords words. */
  tooShort: number;
  /** The same fields as an earlier input. */
  duplicates: number;
  /** Its prompt would not fit the model's context under the seed's longest demonstration prefix. */
  overLength: number;
  /** Left out by the seeded draw down to `size`. */
  overSize: number;
  size: number;
}

export interface EntropySelection {
  pearson: number | null;
  spearman: number | null;
  topKMean: number | null;
  topK?: number;
  perSeed?: { seed: number; orders: number; pearson: number | null; spearman: number | null; topKMean: number | null }[];
}

/** CONTRACT.md's summary fields (`run --json` without `details`). */
export interface ContractSummary {
  runId: string;
  model: { name: string; sha256: string };
  conditions: ConditionResult[];
  aggregate: Record<string, BasicStats>;
}

/** CONTRACT.md's summary (`run --json`), plus `details`. */
export interface StudySummary extends ContractSummary {
  details: SummaryDetails;
}
