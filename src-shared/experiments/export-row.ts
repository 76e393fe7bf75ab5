/**
 * One row of `export --format jsonl` (CONTRACT.md "Export rows"), declared once for the exporter
 * (src-main/experiments/export) and the API's paged rows (src-shared/api/runs.ts). Pure type.
 */
export interface ExportRow {
  runId: string;
  seed: number;
  orderIndex: number;
  order: string[];
  exampleId: string;
  gold: string;
  /** Label probabilities renormalised over the labels, before calibration. */
  scores: Record<string, number>;
  /** The renormalised average over the content-free inputs of this (seed, order). */
  contentFree: Record<string, number>;
  /** method -> predicted class. */
  predicted: Record<string, string>;
}
