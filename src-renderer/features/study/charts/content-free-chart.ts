/**
 * p_cf per content-free input: what the model answers when the input says nothing.
 *
 * Zhao et al. 2021 calibrate by dividing by this; a far-from-uniform p_cf is the bias being
 * removed. Bars are the mean over (seed, order) conditions, stacked per input so each bar sums
 * to 1; the dashed line is the uniform share.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, categoryAxis, legend, percent, referenceLine, valueAxis } from './chart-style.ts';
import { seriesColor } from './palette.ts';

/** The key of the averaged p_cf among the inputs; not a string a user can type as an input. */
const AVERAGE = '\u0000average';

/** How an input is labelled on the axis: the empty string must stay visible. */
export function contentFreeLabel(input: string): string {
  if (input === '') return '"" (empty)';
  if (input === AVERAGE) return 'average (p_cf)';
  return `"${input}"`;
}

/** Mean probability per label for each content-free input (first-seen order) and their average (last). */
export function meanContentFree(analysis: RunAnalysis): { input: string; probs: number[]; conditions: number }[] {
  const labels = analysis.details.classes;
  const byInput = new Map<string, { sums: number[]; n: number }>();
  const add = (input: string, probs: Record<string, number>) => {
    const acc = byInput.get(input) ?? { sums: labels.map(() => 0), n: 0 };
    labels.forEach((l, i) => (acc.sums[i] += probs[l] ?? 0));
    acc.n += 1;
    byInput.set(input, acc);
  };
  for (const condition of analysis.details.contentFree) {
    for (const entry of condition.perInput) add(entry.input, entry.probs);
  }
  for (const condition of analysis.details.contentFree) add(AVERAGE, condition.average);
  return [...byInput.entries()].map(([input, { sums, n }]) => ({ input, probs: sums.map((x) => x / n), conditions: n }));
}

export function contentFreeOption(analysis: RunAnalysis, labelNames: Record<string, string> = {}): ChartOption {
  const rows = meanContentFree(analysis);
  const uniform = 1 / Math.max(1, analysis.details.classes.length);
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: categoryAxis('content-free input (mean over seeds and orders)', rows.map((r) => contentFreeLabel(r.input)), { interval: 0 }),
    yAxis: valueAxis('p_cf (renormalised over labels)', { percent: true, min: 0, max: 1 }),
    series: analysis.details.classes.map((label, i) => ({
      type: 'bar' as const,
      name: labelNames[label] ?? label,
      stack: 'pcf',
      data: rows.map((r) => r.probs[i]),
      itemStyle: { color: seriesColor(i) },
      barMaxWidth: 56,
      markLine: i === 0 ? referenceLine(uniform, `uniform ${percent(uniform, 0)}`) : undefined,
    })),
  } as ChartOption;
}
