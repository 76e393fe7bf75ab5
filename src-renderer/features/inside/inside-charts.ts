/**
 * Chart options of the inside-the-model panel: the label lens per layer (two conditions, the layer
 * where they part marked), the head-ablation heat map and the demonstration attribution bars.
 */
import type { DemoAttribution, HeadAblation, LensComparison } from '../../../src-shared/inside/inside-results.ts';
import { baseOption, categoryAxis, legend, valueAxis } from '../study/charts/chart-style.ts';
import type { ChartOption } from '../study/charts/echarts-setup.ts';
import { CHART_INK, seriesColor } from '../study/charts/palette.ts';

const readPoint = (k: number, layers: number) => (k === 0 ? 'emb' : k === layers ? `${k} (out)` : String(k));

export function lensOption({ curves, parting }: LensComparison): ChartOption {
  const layers = curves[0].layers;
  const categories = curves[0].meanGold.map((_, k) => readPoint(k, layers));
  const series = curves.flatMap((curve, i) => [
    {
      type: 'line' as const,
      name: `${i === 0 ? 'A' : 'B'} p(gold)`,
      data: curve.meanGold,
      symbolSize: 7,
      itemStyle: { color: seriesColor(i) },
      ...(i === 0 && parting.layer !== null
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: CHART_INK.text, type: 'dashed' as const },
              label: { formatter: `curves part at ${categories[parting.layer]}`, color: CHART_INK.text, fontSize: 11 },
              data: [{ xAxis: categories[parting.layer] }],
            },
          }
        : {}),
    },
    { type: 'line' as const, name: `${i === 0 ? 'A' : 'B'} accuracy`, data: curve.accuracy, lineStyle: { type: 'dotted' as const }, symbol: 'none', itemStyle: { color: seriesColor(i) } },
  ]);
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 60, right: 24, top: 36, bottom: 48 },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: number) => v.toFixed(3) },
    xAxis: categoryAxis('read point (layer)', categories),
    yAxis: valueAxis('mean p(gold) / lens accuracy', { min: 0, max: 1 }),
    series,
  };
}

export function headHeatMapOption(sweep: HeadAblation): ChartOption {
  const data = sweep.cells.map((c) => [c.head, c.layer, Number(c.deltaMargin.toFixed(4)), c.deltaAccuracy]);
  const bound = Math.max(1e-6, ...sweep.cells.map((c) => Math.abs(c.deltaMargin)));
  return {
    ...baseOption(),
    grid: { left: 60, right: 90, top: 16, bottom: 48 },
    tooltip: {
      formatter: (p: { value: number[] }) => `layer ${p.value[1]} head ${p.value[0]}<br/>Δ margin ${p.value[2].toFixed(3)}<br/>Δ accuracy ${(p.value[3] * 100).toFixed(1)} pts`,
    },
    xAxis: { ...categoryAxis('head', Array.from({ length: sweep.heads }, (_, h) => String(h))), splitArea: { show: true } },
    yAxis: { ...categoryAxis('layer', Array.from({ length: sweep.layers }, (_, l) => String(l)), { nameGap: 36 }), splitArea: { show: true } },
    visualMap: {
      min: -bound,
      max: bound,
      calculable: true,
      precision: 2,
      orient: 'vertical' as const,
      right: 8,
      top: 'middle',
      dimension: 2,
      text: ['removal raises margin', 'removal lowers margin'],
      inRange: { color: ['#b2182b', '#f7f7f7', '#2166ac'] },
    },
    series: [{ type: 'heatmap' as const, data, label: { show: sweep.layers * sweep.heads <= 64, formatter: (p: { value: number[] }) => p.value[2].toFixed(2), fontSize: 10 } }],
  };
}

export function attributionOption(result: DemoAttribution): ChartOption {
  const categories = result.demos.map((d) => `#${d.index + 1} ${d.shownWord}`);
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 60, right: 16, top: 36, bottom: 48 },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: number) => v.toFixed(3) },
    xAxis: categoryAxis('demonstration (prompt order, shown label)', categories, { interval: 0 }),
    yAxis: valueAxis('effect on mean gold margin'),
    series: [
      { type: 'bar' as const, name: 'leave-one-out', data: result.demos.map((d) => d.leaveOneOut), itemStyle: { color: seriesColor(0) } },
      { type: 'bar' as const, name: `Shapley (${result.permutations} permutations)`, data: result.demos.map((d) => d.shapley), itemStyle: { color: seriesColor(1) } },
    ],
  };
}
