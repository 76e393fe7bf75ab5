import { z } from 'zod';

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

/** What the Study view's charts need beyond the summary, computed in the backend from stored rows. */
export interface RunAnalysis {
  labels: string[];
  methods: string[];
  /** Gold label distribution over the test examples. */
  goldDistribution: Record<string, number>;
  /** method -> label -> fraction of predictions. */
  predictedDistribution: Record<string, Record<string, number>>;
  /** p_cf per content-free input (and 'average') per (seed, order), renormalised over labels. */
  contentFree: { seed: number; orderIndex: number; input: string; probs: Record<string, number> }[];
  /** method -> equal-width confidence bins. */
  reliability: Record<string, { lo: number; hi: number; count: number; confidence: number; accuracy: number }[]>;
  /** Majority label of the demonstrations -> rate at which each method predicts it. */
  majorityLabel: { pattern: string; majority: string; conditions: number; predictedRate: Record<string, number> }[];
  /** method -> fraction of predictions equal to the last demonstration's label. */
  recency: Record<string, number>;
  /** Entropy probes per (seed, order), with that order's accuracy (method 'none'). */
  entropyProbes: { seed: number; orderIndex: number; globalE: number; localE: number; accuracy: number }[];
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
