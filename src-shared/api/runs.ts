import { z } from 'zod';
import type { ExportRow } from '../experiments/export-row.ts';
import type { RunDisplayStatus } from '../experiments/run-status.ts';
import type { BasicStats, ContractSummary, SummaryDetails } from '../experiments/summary-types.ts';
import type { ReliabilityBin } from '../metrics/index.ts';

/**
 * Runs domain: stored runs, their summaries (CONTRACT.md "Summary"), export rows (CONTRACT.md
 * "Export rows"), analyses for the study charts, comparisons and export.
 */

export const runsDbArgs = z.object({});

export interface RunListItem {
  runId: string;
  name: string;
  model: string;
  /** As stored or shown, or `unreadable`: its row could not be read (see `problem`). */
  status: RunDisplayStatus | 'unreadable';
  createdAt: string;
  /** Mean accuracy per calibration method, when finished. */
  meanAccuracy: Record<string, number>;
  /** Why a stored run cannot be read (status `unreadable`); the other runs are listed as usual. */
  problem?: string;
  /** What the run is, from its own spec: data file names, shots, template, the test sample size. */
  trainData: string;
  testData: string;
  shots: number | null;
  template: string;
  testExamples: number;
  /** Why a run failed (its stored error), or null. */
  reason: string | null;
  tags: string[];
}

/** The summary types are declared once in src-shared/experiments; the API keeps its names for them. */
export type { ConditionResult } from '../experiments/summary-types.ts';
export type AggregateStats = BasicStats;
/** CONTRACT.md's summary fields, as stored runs report them. */
export type RunSummary = ContractSummary;
/** The analyses beyond CONTRACT.md's summary fields, as the study runner computes them from stored rows. */
export type RunSummaryDetails = SummaryDetails;
export type { ExportRow } from '../experiments/export-row.ts';

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

export interface RunRowsResult {
  total: number;
  rows: ExportRow[];
}

/** What the Study view's charts need: the summary's analyses plus reliability diagrams. */
export interface RunAnalysis {
  details: RunSummaryDetails;
  /** method -> 10 equal-width confidence bins pooled over conditions (distribution methods only). */
  reliability: Record<string, ReliabilityBin[]>;
  /** conditionKey (`seed/orderIndex`, `seed/orderIndex/cell` in cells above 0) -> the gold labels of the demonstrations in prompt order (an order named by its labels). */
  orderLabels: Record<string, string[]>;
}

export const runsCompareArgs = z.object({
  runIds: z.array(z.string().min(1)).min(2, 'choose at least two runs to compare'),
});

export interface RunComparison {
  runs: { item: RunListItem; aggregate: Record<string, AggregateStats> }[];
  /** Methods present in any run, in a stable order. */
  methods: string[];
  /** Spec fields (dotted paths) whose values differ between the runs, each run's value as text. */
  configDiff: { field: string; values: string[] }[];
  /** Each run after the first against the first, per shared method, on their shared test examples. */
  paired: PairedComparison[];
}

export interface PairedComparison {
  baselineRunId: string;
  otherRunId: string;
  method: string;
  /** Test examples both runs scored (by example id). */
  sharedExamples: number;
  /** Per-example accuracy averaged over each run's conditions, then over the shared examples. */
  baselineAccuracy: number;
  otherAccuracy: number;
  /** other - baseline, paired bootstrap over the shared examples (Koehn 2004). */
  difference: { estimate: number; low: number; high: number; level: number; resamples: number; pBetter: number };
  /** Exact McNemar on each example's majority-vote correctness over its conditions (McNemar 1947). */
  mcnemar: { b: number; c: number; n: number; pValue: number };
}

/** The export formats of a stored run (CONTRACT.md "Export"), for the API and `promptscope export`. */
export const EXPORT_FORMATS = ['jsonl', 'csv', 'lm-eval'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const runsExportArgs = z.object({
  runId: z.string().min(1),
  format: z.enum(EXPORT_FORMATS),
});

export interface RunExport {
  fileName: string;
  mimeType: string;
  content: string;
  rows: number;
}

export const runsRenameArgs = z.object({ runId: z.string().min(1), name: z.string().trim().min(1, 'the name must not be empty').max(200) });
export const runsTagArgs = z.object({ runId: z.string().min(1), tags: z.array(z.string().trim().min(1).max(40)).max(20) });

/** A condition's key in RunAnalysis.orderLabels: `seed/orderIndex`, with `/cell` for cells above 0 (design axes). */
export function conditionKey(c: { seed: number; orderIndex: number; cell?: number }): string {
  return c.cell ? `${c.seed}/${c.orderIndex}/${c.cell}` : `${c.seed}/${c.orderIndex}`;
}

/** The condition a conditionKey names. */
export function parseConditionKey(key: string): { seed: number; orderIndex: number; cell: number } {
  const [seed, orderIndex, cell] = key.split('/').map(Number);
  return { seed, orderIndex, cell: cell ?? 0 };
}
