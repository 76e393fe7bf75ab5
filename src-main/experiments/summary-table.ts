import { probingLine } from '../../src-shared/experiments/probing-text.ts';
import type { StudySummary } from './summary.ts';

const pct = (x: number | undefined) => (x === undefined || x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);

/**
 * The summary as a readable table for the terminal: one line per calibration method with the
 * pooled accuracy statistics, macro-F1, flip rate and ECE, then the order-selection probes.
 */
export function formatSummaryTable(summary: StudySummary): string {
  const d = summary.details;
  const lines: string[] = [];
  lines.push(`run ${summary.runId}  model ${summary.model.name} (${summary.model.sha256.slice(0, 12)})  ${d.conditionsScored}/${d.conditionsPlanned} conditions x ${d.testExamples} test examples  [${d.status}]`);
  if (d.protocol) {
    const form = d.protocol.calibratedProbabilities === 'softmax' ? 'softmax(W p), W = diag(p_cf)^-1' : '(p / p_cf) renormalised';
    lines.push(`labels ${d.protocol.labelMode}; content-free ${d.protocol.contentFreeMode}; calibrated probabilities ${form}; sampling ${d.protocol.sampling}; context ${d.protocol.contextPolicy}`);
  }
  for (const warning of d.warnings ?? []) lines.push(`warning: ${warning}`);
  lines.push('');
  lines.push('method        mean     std     min     max   worst  macroF1  flips     ECE');
  for (const method of d.methods) {
    const acc = d.accuracy[method];
    if (!acc) continue;
    const cal = d.calibration[method];
    lines.push(
      [
        method.padEnd(10),
        pct(acc.mean),
        pct(acc.std),
        pct(acc.min),
        pct(acc.max),
        pct(acc.worst),
        ` ${pct(d.macroF1[method]?.mean)}`,
        pct(d.flipRate[method]?.mean),
        cal ? cal.ece.mean.toFixed(3).padStart(7) : '    n/a',
      ].join('  '),
    );
  }
  if (d.contentFreeMean) {
    lines.push('');
    lines.push(`p_cf (mean over conditions): ${Object.entries(d.contentFreeMean).map(([c, p]) => `${c}=${p.toFixed(3)}`).join('  ')}`);
  }
  const e = d.entropy;
  if (e.probes.length > 1) {
    const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
    const k = e.globalE.topK ?? 4;
    lines.push(`probing set: ${probingLine(e.probing)}`);
    lines.push(`order probes (uncalibrated, per seed): GlobalE r=${fmt(e.globalE.pearson)} rho=${fmt(e.globalE.spearman)} top-${k} ${pct(e.globalE.topKMean ?? undefined)}; LocalE r=${fmt(e.localE.pearson)} rho=${fmt(e.localE.spearman)} top-${k} ${pct(e.localE.topKMean ?? undefined)}; all ${pct(e.allOrdersMean ?? undefined)}, oracle ${pct(e.oracleMean ?? undefined)}`);
  }
  return lines.join('\n') + '\n';
}

