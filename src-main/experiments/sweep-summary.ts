import type { BasicStats } from '../../src-shared/experiments/summary-types.ts';
import type { StudySummary } from './summary.ts';

/** Paper numbers to print beside a sweep's rows: shots -> method -> accuracy (null where not known). */
export interface ReferenceNumbers {
  source: string;
  accuracy: Record<string, Record<string, number | null>>;
}

/** `run --json` of a file with `shots: [..]`: one stored run per value, summarised row by row. */
export interface SweepSummary {
  sweep: { axis: 'shots'; values: number[] };
  rows: { shots: number; runId: string; method: string; accuracy: BasicStats; reference: number | null }[];
  runs: { shots: number; summary: StudySummary }[];
  reference: ReferenceNumbers | null;
}

export function sweepSummary(values: number[], summaries: StudySummary[], reference: ReferenceNumbers | null): SweepSummary {
  const rows: SweepSummary['rows'] = [];
  values.forEach((shots, i) => {
    const summary = summaries[i];
    for (const [method, accuracy] of Object.entries(summary.aggregate)) {
      rows.push({ shots, runId: summary.runId, method, accuracy, reference: reference?.accuracy[String(shots)]?.[method] ?? null });
    }
  });
  return { sweep: { axis: 'shots', values }, rows, runs: values.map((shots, i) => ({ shots, summary: summaries[i] })), reference };
}

const pct = (x: number | null) => (x === null ? '    n/a' : `${(x * 100).toFixed(1).padStart(6)}%`);

/** One line per (shots, method): mean, std, min, max over the run's conditions, and the paper's number. */
export function formatSweepTable(sweep: SweepSummary): string {
  const lines = [`sweep over shots: ${sweep.sweep.values.join(', ')}${sweep.reference ? `  (paper: ${sweep.reference.source})` : ''}`];
  const protocol = sweep.runs[0]?.summary.details.protocol;
  if (protocol) {
    const form = protocol.calibratedProbabilities === 'softmax' ? 'softmax(W p), W = diag(p_cf)^-1' : '(p / p_cf) renormalised';
    lines.push(`labels ${protocol.labelMode}; content-free ${protocol.contentFreeMode}; calibrated probabilities ${form}; sampling ${protocol.sampling}; context ${protocol.contextPolicy}`);
  }
  for (const run of sweep.runs) for (const warning of run.summary.details.warnings ?? []) lines.push(`warning (shots ${run.shots}): ${warning}`);
  lines.push('');
  lines.push('shots  method          mean      std      min      max    paper  run');
  for (const r of sweep.rows) {
    lines.push([String(r.shots).padStart(5), r.method.padEnd(12), pct(r.accuracy.mean), pct(r.accuracy.std), pct(r.accuracy.min), pct(r.accuracy.max), pct(r.reference), r.runId].join('  '));
  }
  if (sweep.reference && sweep.rows.every((r) => r.reference === null)) lines.push('', 'paper numbers: not filled in (reference.accuracy in the experiment file)');
  return lines.join('\n') + '\n';
}
