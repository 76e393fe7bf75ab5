/**
 * Entropy probes against accuracy (Lu et al. 2022): one point per (seed, order), GlobalE and
 * LocalE side by side, with their Spearman correlation in the legend.
 *
 * Lu et al. keep the orders with the HIGHEST entropy; a positive correlation here says that rule
 * would have picked good orders for this model and task without labels.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, baselineLines, legend, percent, valueAxis, type AccuracyBaselines } from './chart-style.ts';
import { pickEvenly } from './downsample.ts';
import { seriesColor } from './palette.ts';
export function entropyOption(analysis: RunAnalysis, baselines?: AccuracyBaselines): ChartOption {
  const { probes, globalE, localE } = analysis.details.entropy;
  const rhoGlobal = globalE.spearman;
  const rhoLocal = localE.spearman;
  const fmt = (r: number | null) => (r !== null && Number.isFinite(r) ? r.toFixed(2) : 'n/a');
  const points = pickEvenly(probes);
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 52 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { seriesName: string; data: [number, number, number, number] };
        return `${item.seriesName} ${item.data[0].toFixed(3)} nats<br/>accuracy ${percent(item.data[1])}<br/>seed ${item.data[2]}, order ${item.data[3]}<br/><i>click to open</i>`;
      },
    },
    xAxis: valueAxis('entropy (nats)', { nameGap: 30, min: 0 }),
    yAxis: valueAxis('accuracy (no calibration)', { percent: true, min: 0, max: 1 }),
    series: [
      {
        type: 'scatter',
        name: `GlobalE (ρ = ${fmt(rhoGlobal)})`,
        data: points.map((p) => [p.globalE, p.accuracy, p.seed, p.orderIndex, p.cell ?? 0]),
        symbolSize: 7,
        markLine: baselines ? baselineLines(baselines) : undefined,
        itemStyle: { color: seriesColor(0), opacity: 0.75 },
      },
      {
        type: 'scatter',
        name: `LocalE (ρ = ${fmt(rhoLocal)})`,
        data: points.map((p) => [p.localE, p.accuracy, p.seed, p.orderIndex, p.cell ?? 0]),
        symbol: 'diamond',
        symbolSize: 8,
        itemStyle: { color: seriesColor(1), opacity: 0.75 },
      },
    ],
  } as ChartOption;
}
