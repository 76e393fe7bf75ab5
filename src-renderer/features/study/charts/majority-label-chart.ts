/**
 * Majority-label bias (Zhao et al. 2021): per label pattern of the demonstrations, how often each
 * method predicts the demonstrations' most common label.
 *
 * With a balanced test set an unbiased model predicts the majority label at about its gold share;
 * bars well above it for the uncalibrated method are the bias, bars near it after calibration the
 * fix. Patterns without a single majority (2:2) have no bar.
 */
import type { RunAnalysis } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, categoryAxis, legend, percent, valueAxis } from './chart-style.ts';
import { methodColor } from './palette.ts';

/** The label patterns on the x axis, in axis order (a click's dataIndex indexes this). */
export function majorityPatterns(analysis: RunAnalysis): string[] {
  const { methods, majorityLabel } = analysis.details;
  const keys = new Set<string>();
  for (const m of methods) for (const row of majorityLabel[m] ?? []) keys.add(row.pattern);
  return [...keys].sort();
}

/** The pattern of one order's demonstration labels, written as the summary writes it ("0:3,1:1"). */
export function labelPattern(labels: readonly string[], classes: readonly string[]): string {
  return classes.map((c) => `${c}:${labels.filter((l) => l === c).length}`).join(',');
}

export function majorityLabelOption(analysis: RunAnalysis): ChartOption {
  const { methods, majorityLabel } = analysis.details;
  const patterns = new Map<string, { majority: string | null; conditions: number }>();
  for (const m of methods) for (const row of majorityLabel[m] ?? []) patterns.set(row.pattern, { majority: row.majority, conditions: row.conditions });
  const keys = majorityPatterns(analysis);
  const anyMajority = [...patterns.values()].some((p) => p.majority !== null);
  return {
    ...baseOption(),
    // An all-tie run (one balanced seed, say) would otherwise show an empty frame with no reason.
    title: anyMajority
      ? undefined
      : { text: 'No demonstration set in this run has a majority label', subtext: 'every seed drew as many of each class', left: 'center', top: 'middle', textStyle: { fontSize: 13, fontWeight: 'normal', color: '#57606a' }, subtextStyle: { color: '#57606a' } },
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 64 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (v === null || v === undefined ? 'no majority' : percent(Number(v))) },
    xAxis: categoryAxis(
      'demonstration labels (class:count)',
      keys.map((k) => `${k}\n${patterns.get(k)!.majority === null ? 'no majority' : `majority ${patterns.get(k)!.majority}`} · n=${patterns.get(k)!.conditions}`),
      { nameGap: 44, interval: 0 },
    ),
    yAxis: valueAxis('predicts the majority label', { percent: true, min: 0, max: 1 }),
    series: methods.map((m) => {
      const rows = new Map((majorityLabel[m] ?? []).map((r) => [r.pattern, r.majorityRate]));
      return { type: 'bar' as const, name: m, data: keys.map((k) => rows.get(k) ?? null), itemStyle: { color: methodColor(m, methods) }, barMaxWidth: 40 };
    }),
  } as ChartOption;
}
