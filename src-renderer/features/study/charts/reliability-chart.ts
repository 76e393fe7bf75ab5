/**
 * Reliability diagram: accuracy against confidence in equal-width bins, one line per method.
 *
 * On the diagonal a method is calibrated; below it over-confident. Point size shows how many
 * predictions a bin holds, so a sparse extreme bin is not over-read. Batch calibration gives
 * scores, not probabilities, and has no diagram.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, legend, percent, valueAxis } from './chart-style.ts';
import { CHART_INK, methodColor } from './palette.ts';

export function reliabilityOption(analysis: RunAnalysis): ChartOption {
  const all = analysis.details.methods;
  const binsOf = (m: string) => (analysis.reliability[m] ?? []).filter((b) => b.count > 0 && b.accuracy !== null && b.confidence !== null);
  const methods = all.filter((m) => binsOf(m).length > 0);
  const maxCount = Math.max(1, ...methods.flatMap((m) => binsOf(m).map((b) => b.count)));
  const lowest = Math.min(1 / Math.max(1, analysis.details.classes.length), ...methods.flatMap((m) => binsOf(m).map((b) => b.lower)));
  const axisMin = Math.max(0, Math.floor(lowest * 10) / 10);
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 52 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { seriesName: string; data: { value: [number, number]; count: number } };
        if (!item.data?.count) return item.seriesName;
        return `${item.seriesName}<br/>confidence ${percent(item.data.value[0])}<br/>accuracy ${percent(item.data.value[1])}<br/>${item.data.count.toLocaleString()} predictions`;
      },
    },
    xAxis: valueAxis('mean confidence in bin', { percent: true, min: axisMin, max: 1, nameGap: 30 }),
    yAxis: valueAxis('accuracy in bin', { percent: true, min: 0, max: 1 }),
    series: [
      {
        type: 'line',
        name: 'perfect calibration',
        data: [
          [axisMin, axisMin],
          [1, 1],
        ],
        symbol: 'none',
        silent: true,
        lineStyle: { color: CHART_INK.muted, type: 'dashed', width: 1 },
        itemStyle: { color: CHART_INK.muted },
      },
      ...methods.map((m) => ({
        type: 'line' as const,
        name: m,
        data: binsOf(m).map((b) => ({ value: [b.confidence, b.accuracy] as [number, number], count: b.count, symbolSize: 4 + 12 * Math.sqrt(b.count / maxCount) })),
        itemStyle: { color: methodColor(m, all) },
        lineStyle: { width: 2 },
      })),
    ],
  } as ChartOption;
}
