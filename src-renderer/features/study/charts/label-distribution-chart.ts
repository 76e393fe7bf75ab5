/**
 * Predicted-label distribution per method against the gold distribution.
 *
 * The clearest sign of label bias (Zhao et al. 2021; Lu et al.'s "degenerate" orders): an
 * uncalibrated model that answers "Positive" for 90% of a balanced test set.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, categoryAxis, legend, percent, valueAxis } from './chart-style.ts';
import { CHART_INK, methodColor } from './palette.ts';

/** Counts or fractions -> fractions (the gold distribution may arrive as counts). */
export function toFractions(values: Record<string, number>, labels: readonly string[]): number[] {
  const raw = labels.map((l) => values[l] ?? 0);
  const total = raw.reduce((a, b) => a + b, 0);
  return total > 0 ? raw.map((v) => v / total) : raw;
}

export function labelDistributionOption(analysis: RunAnalysis, labelNames: Record<string, string> = {}): ChartOption {
  const { classes: labels, methods, goldDistribution, predictedDistribution } = analysis.details;
  const series = [
    {
      type: 'bar' as const,
      name: 'gold',
      data: toFractions(goldDistribution, labels),
      itemStyle: { color: '#ffffff', borderColor: CHART_INK.text, borderWidth: 1.5, decal: undefined },
    },
    ...methods.map((m: string) => ({
      type: 'bar' as const,
      name: `predicted: ${m}`,
      data: toFractions(predictedDistribution[m] ?? {}, labels),
      itemStyle: { color: methodColor(m, methods) },
    })),
  ];
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: categoryAxis('label', labels.map((l) => labelNames[l] ?? l)),
    yAxis: valueAxis('share of test predictions', { percent: true, min: 0, max: 1 }),
    series,
  } as ChartOption;
}
