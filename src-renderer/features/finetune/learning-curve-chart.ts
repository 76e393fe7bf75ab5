/**
 * Learning curves: mean test accuracy against the labelled budget k (log₂ axis), one line per
 * method, with the seeds' min–max as a shaded band; finished few-shot studies of the same model and
 * test file are drawn beside them as points at their shot count.
 *
 * The band is two stacked transparent line series (lower edge + height), the usual ECharts idiom for
 * a confidence band, so no custom series is needed.
 */
import type { FewShotReference, LearningCurveDetail } from '../../../src-shared/api/finetune.ts';
import type { ChartOption } from '../study/charts/echarts-setup.ts';
import { baseOption, legend, percent, valueAxis } from '../study/charts/chart-style.ts';
import { seriesColor } from '../study/charts/palette.ts';

export const METHOD_LABELS: Record<string, string> = {
  head: 'LR head (frozen features)',
  'calibration-diagonal': 'fitted calibration (diagonal)',
  'calibration-full': 'fitted calibration (full)',
  prompt: 'few-shot prompt',
  'prompt-contextual': 'few-shot + contextual calibration',
};

export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method;
}

export function learningCurveOption(detail: LearningCurveDetail): ChartOption {
  const methods = Object.keys(detail.curves);
  const series: unknown[] = [];
  methods.forEach((method, i) => {
    const points = detail.curves[method];
    const color = seriesColor(i);
    const name = methodLabel(method);
    series.push({
      type: 'line',
      name,
      data: points.map((p) => [p.budget, p.accuracy.mean]),
      symbolSize: 7,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      z: 3,
    });
    series.push({ type: 'line', name, stack: `band-${method}`, data: points.map((p) => [p.budget, p.accuracy.min]), lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } });
    series.push({
      type: 'line',
      name,
      stack: `band-${method}`,
      data: points.map((p) => [p.budget, p.accuracy.max - p.accuracy.min]),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      areaStyle: { color, opacity: 0.12 },
      silent: true,
      tooltip: { show: false },
    });
  });
  if (detail.fewShot.length > 0) {
    series.push({
      type: 'scatter',
      name: 'few-shot studies',
      data: detail.fewShot.map((f) => ({ value: [Math.max(1, f.shots), f.accuracy.mean], reference: f })),
      symbol: 'diamond',
      symbolSize: 11,
      itemStyle: { color: '#333333' },
      tooltip: { formatter: (p: { data: { reference: FewShotReference } }) => fewShotTooltip(p.data.reference) },
      z: 4,
    });
  }
  return {
    ...baseOption(),
    legend: { ...legend(0), data: [...methods.map(methodLabel), ...(detail.fewShot.length > 0 ? ['few-shot studies'] : [])] },
    grid: { left: 64, right: 24, top: 48, bottom: 52 },
    tooltip: { trigger: 'item', confine: true, formatter: (p: { seriesName: string; value: [number, number] }) => `${p.seriesName}<br/>k = ${p.value[0]}: ${percent(p.value[1])}` },
    xAxis: { ...valueAxis('labelled examples k', { nameGap: 30 }), type: 'log', logBase: 2, min: 'dataMin', max: 'dataMax' },
    yAxis: valueAxis('test accuracy (mean over seeds)', { percent: true, min: 0, max: 1 }),
    series,
  } as ChartOption;
}

function fewShotTooltip(f: FewShotReference): string {
  return `study “${f.name}” (${f.shots}-shot, ${f.method})<br/>accuracy ${percent(f.accuracy.mean)} ± ${percent(f.accuracy.std)}`;
}
