import type { LearningCurveSummary } from './learning-curve-summary.ts';

/** The human-readable learning-curve table: one row per method and budget, aggregated over seeds. */
export function formatLearningCurveTable(summary: LearningCurveSummary): string {
  const lines = [`run ${summary.runId}  ${summary.name}  model ${summary.model.name} (${summary.model.sha256.slice(0, 12)})`, ''];
  const header = ['method', 'k', 'k in prompt', 'accuracy mean ± std', 'min', 'max', 'macro-F1 mean'];
  const rows: string[][] = [];
  for (const [method, points] of Object.entries(summary.curves)) {
    for (const p of points) {
      const used = [...new Set(p.kUsed)].join('/');
      rows.push([method, String(p.budget), method.startsWith('prompt') ? used : '-', `${p.accuracy.mean.toFixed(3)} ± ${p.accuracy.std.toFixed(3)}`, p.accuracy.min.toFixed(3), p.accuracy.max.toFixed(3), p.macroF1.mean.toFixed(3)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format));
  return lines.join('\n') + '\n';
}
