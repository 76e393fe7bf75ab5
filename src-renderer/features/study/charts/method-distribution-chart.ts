/**
 * The accuracy distribution over all (seed, order) conditions, one box per calibration method,
 * with every condition drawn as a jittered point beside it.
 *
 * Boxes alone hide how few conditions there may be (5 seeds x 24 orders = 120); the strip shows
 * them. Points are reduced to evenly spaced quantiles past a few hundred (downsample.ts).
 */
import type { ConditionResult } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, baselineLines, categoryAxis, legend, percent, valueAxis, type AccuracyBaselines } from './chart-style.ts';
import { boxStats, pickEvenly } from './downsample.ts';
import { methodColor, seriesColor } from './palette.ts';

/** Deterministic jitter in [-0.5, 0.5): the same chart every render, no random flicker. */
export function jitter(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

export function accuraciesByMethod(conditions: readonly ConditionResult[], methods: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>(methods.map((m) => [m, []]));
  for (const c of conditions) out.get(c.method)?.push(c.accuracy);
  return out;
}

/**
 * Boxes grouped by method; `groups` are one or more named sets of conditions (one run in the
 * Study view, several in the Runs comparison, where each group gets its own colour).
 */
export function methodDistributionOption(
  groups: readonly { name: string; conditions: readonly ConditionResult[] }[],
  methods: readonly string[],
  baselines: AccuracyBaselines | null,
): ChartOption {
  const single = groups.length === 1;
  const series: unknown[] = [];
  groups.forEach((group, g) => {
    const byMethod = accuraciesByMethod(group.conditions, methods);
    const color = (m: string) => (single ? methodColor(m, methods) : seriesColor(g));
    series.push({
      type: 'boxplot',
      name: single ? 'distribution' : group.name,
      data: methods.map((m) => ({ value: boxStats(byMethod.get(m) ?? []), itemStyle: { color: `${color(m)}22`, borderColor: color(m), borderWidth: 1.5 } })),
      boxWidth: single ? ['30%', '45%'] : [8, 40],
      // The legend takes the series colour; per-method colours apply only to a single run.
      itemStyle: single ? undefined : { color: `${seriesColor(g)}22`, borderColor: seriesColor(g) },
      markLine: g === 0 && baselines !== null ? baselineLines(baselines) : undefined,
    });
    // Each point carries its condition (evenly spaced quantiles past a few hundred), so a click opens it.
    const points: { value: [number, number]; seed: number; orderIndex: number; cell: number }[] = [];
    methods.forEach((m, mi) => {
      const offset = single ? 0 : (g - (groups.length - 1) / 2) * (0.7 / groups.length);
      const sorted = group.conditions.filter((c) => c.method === m).sort((a, b) => a.accuracy - b.accuracy);
      pickEvenly(sorted).forEach((c, i) => points.push({ value: [mi + offset + jitter(i + mi * 1000) * (single ? 0.3 : 0.12), c.accuracy], seed: c.seed, orderIndex: c.orderIndex, cell: c.cell ?? 0 }));
    });
    series.push({
      type: 'scatter',
      name: single ? 'conditions' : group.name,
      data: points,
      xAxisIndex: 1,
      symbolSize: 5,
      itemStyle: single ? { color: '#33333366' } : { color: `${seriesColor(g)}99` },
      tooltip: { formatter: (p: { value: [number, number]; data: { seed: number; orderIndex: number } }) => `seed ${p.data.seed}, order ${p.data.orderIndex}<br/>accuracy ${percent(p.value[1])}<br/><i>click to open</i>` },
      z: 3,
    });
  });
  return {
    ...baseOption(),
    legend: single ? undefined : legend(0),
    grid: { left: 64, right: 24, top: single ? 24 : 40, bottom: 48 },
    tooltip: { trigger: 'item', formatter: boxTooltip },
    xAxis: [
      categoryAxis('calibration method', [...methods]),
      // A hidden numeric twin of the category axis lets the strip points sit at jittered x.
      { type: 'value', min: -0.5, max: methods.length - 0.5, show: false },
    ],
    yAxis: valueAxis('accuracy over (seed, order) conditions', { percent: true, min: 0, max: 1 }),
    series,
  } as ChartOption;
}

function boxTooltip(p: unknown): string {
  const item = p as { seriesType: string; name: string; seriesName: string; value: number[] };
  if (item.seriesType !== 'boxplot') return `accuracy ${percent(item.value[1])}`;
  const [, min, q1, med, q3, max] = item.value.length === 6 ? item.value : [0, ...item.value];
  return `<b>${item.name}</b> ${item.seriesName === 'distribution' ? '' : `(${item.seriesName})`}<br/>max ${percent(max)}<br/>Q3 ${percent(q3)}<br/>median ${percent(med)}<br/>Q1 ${percent(q1)}<br/>min ${percent(min)}`;
}
