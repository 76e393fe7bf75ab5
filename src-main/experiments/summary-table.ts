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
  if (d.design) lines.push('', ...designLines(d.design));
  return lines.join('\n') + '\n';
}

const pctOrNa = (x: number | null | undefined) => (x === null || x === undefined ? '    n/a' : `${(x * 100).toFixed(1).padStart(6)}%`);

/** The design's rows: per axis value and method (the paper's number beside shots rows), spread, variance shares, ensemble, estimate. */
function designLines(design: NonNullable<StudySummary['details']['design']>): string[] {
  const lines: string[] = [];
  const scope = design.sample
    ? `a sample of ${design.sample.conditions} of the design's ${design.sample.of} conditions (budget, seed ${design.sample.seed}): every number below estimates the full design`
    : `all ${design.conditionsInDesign} conditions of the design`;
  lines.push(`design: ${design.axes.map((a) => `${a.name} (${a.values.length})`).join(' x ')} = ${design.cells} cells x seeds x orders; ${scope}${design.corruption ? `; corrupted labels: ${design.corruption}` : ''}`);
  for (const axis of design.axes) {
    const rows = design.perValue.filter((r) => r.axis === axis.name);
    const paper = rows.some((r) => r.reference !== null) || (axis.name === 'shots' && design.referenceSource !== null);
    // Long values (templates, label words) are listed once and named [i] in the rows.
    const escape = (v: string) => v.replace(/\n/g, '\\n');
    const long = axis.values.some((v) => escape(v).length > 16);
    lines.push('', `${axis.name.padEnd(16)} method          mean      std      min      max${paper ? '    paper' : ''}  conditions`);
    if (long) axis.values.forEach((v, i) => lines.push(`  [${i}] ${escape(v)}`));
    if (paper && axis.name === 'shots') {
      lines.push(`  paper: ${design.referenceSource ?? 'reference'}`);
      if (rows.every((r) => r.reference === null)) lines.push('  paper numbers: not filled in (reference.accuracy in the experiment file)');
    }
    for (const r of rows) {
      const value = long ? `[${axis.values.indexOf(r.value)}]` : escape(r.value);
      lines.push([value.padEnd(16), r.method.padEnd(12), pctOrNa(r.accuracy?.mean), pctOrNa(r.accuracy?.std), pctOrNa(r.accuracy?.min), pctOrNa(r.accuracy?.max), ...(paper ? [pctOrNa(r.reference)] : []), String(r.conditions).padStart(10)].join('  '));
    }
  }
  lines.push('', 'spread over each axis\'s values (each averaged over the other factors); CPS = MaxP x (1 - (MaxP - median)), Mizrahi et al. 2024');
  lines.push('axis             method         range      std     MaxP     AvgP      CPS');
  for (const r of design.spread) lines.push([r.axis.padEnd(16), r.method.padEnd(12), pctOrNa(r.range), pctOrNa(r.std), pctOrNa(r.maxP), pctOrNa(r.avgP), pctOrNa(r.cps)].join('  '));
  for (const v of design.variance) {
    const shares = v.factors.map((f) => `${f.factor} ${(f.share * 100).toFixed(1)}%`).join(', ');
    lines.push(`variance explained (${v.method}, main effects / total SS): ${shares || 'no factor varies'}; interactions + residual ${(v.residualShare * 100).toFixed(1)}%`);
  }
  for (const e of design.templateEnsemble ?? []) {
    lines.push(`template ensemble (${e.method}, mean of ${e.templates} templates' outputs, ${e.groups} groups): ${pctOrNa(e.accuracy).trim()} vs ${pctOrNa(e.singleTemplateMean).trim()} for one template`);
  }
  for (const e of design.estimate ?? []) lines.push(`estimate (${e.method}): mean ${pctOrNa(e.mean).trim()}, standard error ${pctOrNa(e.se).trim()} (finite-population corrected)`);
  return lines;
}
