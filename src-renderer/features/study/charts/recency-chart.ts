/**
 * Recency bias (Zhao et al. 2021): how often the prediction equals the label of the LAST
 * demonstration, per method, against the rate expected by chance for these demonstrations.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, categoryAxis, percent, referenceLine, valueAxis } from './chart-style.ts';
import { methodColor } from './palette.ts';

export function recencyOption(analysis: RunAnalysis): ChartOption {
  const { methods: all, recency } = analysis.details;
  const methods = all.filter((m) => recency[m] !== undefined);
  const chance = methods.length > 0 ? recency[methods[0]].chance : 1 / Math.max(1, analysis.details.classes.length);
  return {
    ...baseOption(),
    grid: { left: 64, right: 24, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: categoryAxis('calibration method', methods),
    yAxis: valueAxis('prediction = last demo label', { percent: true, min: 0, max: 1 }),
    series: [
      {
        type: 'bar',
        name: 'recency',
        data: methods.map((m) => ({ value: recency[m].rate, itemStyle: { color: methodColor(m, all) } })),
        barMaxWidth: 56,
        label: { show: true, position: 'top', formatter: (p: { value: number }) => percent(p.value) },
        markLine: referenceLine(chance, `chance ${percent(chance, 0)}`),
      },
    ],
  } as ChartOption;
}
