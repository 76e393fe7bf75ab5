import { z } from 'zod';
import type { Aggregate, ReliabilityBin } from '../metrics/index.ts';

/**
 * Runs domain: stored runs, their summaries (CONTRACT.md "Summary"), export rows (CONTRACT.md
 * "Export rows"), analyses for the study charts, comparisons and export.
 */

export const runsDbArgs = z.object({});

export interface RunListItem {
  runId: string;
  name: string;
  model: string;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted' | (string & {});
  createdAt: string;
  /** Mean accuracy per calibration method, when finished. */
  meanAccuracy: Record<string, number>;
}

export interface ConditionResult {
  seed: number;
  orderIndex: number;
  order: string[];
  method: string;
  accuracy: number;
  macroF1: number;
}

export interface AggregateStats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface RunSummary {
  runId: string;
  model: { name: string; sha256: string };
  conditions: ConditionResult[];
  aggregate: Record<string, AggregateStats>;
}

export interface RunDetail {
  item: RunListItem;
  summary: RunSummary;
  /** The experiment spec as stored. */
  spec: unknown;
}

export const runsIdArgs = z.object({ runId: z.string().min(1) });

export const runsRowsArgs = z.object({
  runId: z.string().min(1),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(50000).default(1000),
});

export interface ExportRow {
  runId: string;
  seed: number;
  orderIndex: number;
  order: string[];
  exampleId: string;
  gold: string;
  scores: Record<string, number>;
  contentFree: Record<string, number>;
  predicted: Record<string, string>;
}

export interface RunRowsResult {
  total: number;
  rows: ExportRow[];
}

/**
 * The analyses beyond CONTRACT.md's summary fields, as the study runner computes them from stored
 * rows (src-main/experiments/summary.ts `SummaryDetails`; the handler checks the two agree).
 */
export interface RunSummaryDetails {
  status: string;
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
  /** method -> ECE, Brier and NLL; null where the output is not a distribution (batch). */
  calibration: Record<string, { ece: Aggregate; brier: Aggregate; nll: Aggregate } | null>;
  flipRate: Record<string, { perSeed: { seed: number; rate: number }[]; mean: number }>;
  goldDistribution: Record<string, number>;
  /** method -> predicted label distribution, pooled over conditions. */
  predictedDistribution: Record<string, Record<string, number>>;
  /** p_cf per condition: each content-free input and the average, renormalised. */
  contentFree: { seed: number; orderIndex: number; perInput: { input: string; probs: Record<string, number> }[]; average: Record<string, number>; tvd: number; kl: number }[];
  contentFreeMean: Record<string, number> | null;
  /** method -> by demonstration label pattern (e.g. "0:3,1:1"): conditions and predicted-label rates. */
  majorityLabel: Record<string, { pattern: string; majority: string | null; conditions: number; predictedRate: Record<string, number>; majorityRate: number | null }[]>;
  /** method -> rate of predictions equal to the last demonstration's label, and its chance rate. */
  recency: Record<string, { rate: number; chance: number }>;
  /** Lu et al.'s entropy probes per condition, with the uncalibrated accuracy. */
  entropy: {
    probes: { seed: number; orderIndex: number; globalE: number; localE: number; accuracy: number }[];
    globalE: { pearson: number | null; spearman: number | null; topKMean: number | null };
    localE: { pearson: number | null; spearman: number | null; topKMean: number | null };
    allOrdersMean: number | null;
    oracleMean: number | null;
  };
}

/** What the Study view's charts need: the summary's analyses plus reliability diagrams. */
export interface RunAnalysis {
  details: RunSummaryDetails;
  /** method -> 10 equal-width confidence bins pooled over conditions (distribution methods only). */
  reliability: Record<string, ReliabilityBin[]>;
}

export const runsCompareArgs = z.object({
  runIds: z.array(z.string().min(1)).min(2, 'choose at least two runs to compare'),
});

export interface RunComparison {
  runs: { item: RunListItem; aggregate: Record<string, AggregateStats> }[];
  /** Methods present in any run, in a stable order. */
  methods: string[];
}

export const runsExportArgs = z.object({
  runId: z.string().min(1),
  format: z.enum(['jsonl', 'csv', 'lm-eval']),
});

export interface RunExport {
  fileName: string;
  mimeType: string;
  content: string;
  rows: number;
}
