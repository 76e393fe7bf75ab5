/**
 * Charts of a study with design axes (summary `details.design`): accuracy per axis value with
 * every condition as a point, each axis's spread (range, std, MaxP / AvgP / CPS), the share of
 * variance each factor explains, and the template ensemble against one template. Every clickable
 * item carries the conditions it stands for, so a click opens one (design-cards.tsx).
 */
import type { ConditionResult, DesignSummary } from '../../../../src-shared/experiments/summary-types.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, categoryAxis, legend, percent, valueAxis } from './chart-style.ts';
import { methodColor, seriesColor } from './palette.ts';

/** A condition a chart item opens. */
export interface DesignRef {
  seed: number;
  orderIndex: number;
  cell: number;
}

/** An axis value as a category label: short enough for an axis, newlines shown as ⏎. */
export function shortValue(value: string, max = 22): string {
  const flat = value.replace(/\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const refOf = (c: ConditionResult): DesignRef => ({ seed: c.seed, orderIndex: c.orderIndex, cell: c.cell ?? 0 });

/** The conditions (of one method) whose `axis` has `value`. */
export function conditionsWith(conditions: readonly ConditionResult[], method: string, axis: string, value: string): ConditionResult[] {
  return conditions.filter((c) => c.method === method && c.axes?.[axis] === value);
}

/** Deterministic jitter in [-0.5, 0.5), so points of one value do not sit on each other. */
const jitter = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) - 0.5;

/** One axis: a bar per value (mean over the conditions with it) and every condition as a point. */
export function axisValueOption(design: DesignSummary, conditions: readonly ConditionResult[], axis: string, method: string): ChartOption {
  const values = design.axes.find((a) => a.name === axis)?.values ?? [];
  const rows = design.perValue.filter((r) => r.axis === axis && r.method === method);
  const points = values.flatMap((value, x) =>
    conditionsWith(conditions, method, axis, value).map((c, i) => ({ value: [x + jitter(i + x * 977) * 0.5, c.accuracy], ...refOf(c), axisValue: value })),
  );
  return {
    ...baseOption(),
    grid: { left: 64, right: 24, top: 36, bottom: 64 },
    legend: legend(0),
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: { value: number | number[]; seed?: number; orderIndex?: number; cell?: number; axisValue: string; conditions?: number } }) =>
        p.seriesName === 'conditions'
          ? `seed ${p.data.seed}, cell ${p.data.cell}, order ${p.data.orderIndex}<br/>${axis}: ${escapeHtml(p.data.axisValue)}<br/>accuracy ${percent((p.data.value as number[])[1])}<br/><i>click to open</i>`
          : `${axis}: ${escapeHtml(p.data.axisValue)}<br/>mean ${percent(p.data.value as number)} over ${p.data.conditions} conditions<br/><i>click to open them</i>`,
    },
    xAxis: [categoryAxis(axis, values.map((v) => shortValue(v)), { nameGap: 40, interval: 0 }), { type: 'value', min: -0.5, max: values.length - 0.5, show: false }],
    yAxis: valueAxis(`accuracy (${method})`, { percent: true, min: 0, max: 1 }),
    series: [
      {
        type: 'bar',
        name: 'mean over the other factors',
        data: values.map((value) => {
          const row = rows.find((r) => r.value === value);
          return { value: row?.accuracy?.mean ?? 0, axisValue: value, conditions: row?.conditions ?? 0 };
        }),
        itemStyle: { color: methodColor(method, [method]), opacity: 0.45 },
        barMaxWidth: 64,
      },
      {
        type: 'scatter',
        name: 'conditions',
        xAxisIndex: 1,
        data: points,
        symbolSize: 8,
        itemStyle: { color: methodColor(method, [method]), borderColor: '#fff', borderWidth: 1 },
      },
    ],
  } as ChartOption;
}

const SPREAD_FIELDS = [
  ['range', 'range (max - min)'],
  ['std', 'std over values'],
  ['maxP', 'MaxP'],
  ['avgP', 'AvgP'],
  ['cps', 'CPS'],
] as const;

/** Per axis: range and std of its values' accuracies, and Mizrahi et al.'s MaxP / AvgP / CPS. */
export function spreadOption(design: DesignSummary, method: string): ChartOption {
  const axes = design.axes.map((a) => a.name);
  const rows = axes.map((axis) => design.spread.find((s) => s.axis === axis && s.method === method));
  return {
    ...baseOption(),
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    legend: legend(0),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: categoryAxis('design axis', axes),
    yAxis: valueAxis(`accuracy (${method})`, { percent: true, min: 0, max: 1 }),
    series: SPREAD_FIELDS.map(([field, name], i) => ({
      type: 'bar',
      name,
      data: rows.map((r, a) => ({ value: r ? r[field] : 0, axis: axes[a] })),
      itemStyle: { color: seriesColor(i) },
      barMaxWidth: 28,
    })),
  } as ChartOption;
}

/** Per method: the share of the condition accuracies' variance each factor's main effect explains, and the rest. */
export function varianceOption(design: DesignSummary): ChartOption {
  const methods = design.variance.map((v) => v.method);
  const factors = [...new Set(design.variance.flatMap((v) => v.factors.map((f) => f.factor)))];
  return {
    ...baseOption(),
    grid: { left: 96, right: 24, top: 36, bottom: 48 },
    legend: legend(0),
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; name: string; value: number }) => `${p.name}: ${p.seriesName} ${percent(p.value)} of the variance<br/><i>click to open its best level's conditions</i>` },
    xAxis: valueAxis('share of the variance over conditions', { percent: true, min: 0, max: 1 }),
    yAxis: categoryAxis('method', methods, { nameGap: 72 }),
    series: [
      ...factors.map((factor, i) => ({
        type: 'bar',
        name: factor,
        stack: 'share',
        data: design.variance.map((v) => ({ value: v.factors.find((f) => f.factor === factor)?.share ?? 0, factor, method: v.method })),
        itemStyle: { color: seriesColor(i) },
      })),
      {
        type: 'bar',
        name: 'interactions + residual',
        stack: 'share',
        data: design.variance.map((v) => ({ value: Math.max(0, v.residualShare), factor: null, method: v.method })),
        itemStyle: { color: '#d0d7de' },
      },
    ],
  } as ChartOption;
}

/** Per method: accuracy of the template ensemble against the mean of the same conditions with one template. */
export function ensembleOption(design: DesignSummary): ChartOption {
  const rows = design.templateEnsemble ?? [];
  const methods = rows.map((r) => r.method);
  return {
    ...baseOption(),
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    legend: legend(0),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: categoryAxis('calibration method', methods),
    yAxis: valueAxis('accuracy', { percent: true, min: 0, max: 1 }),
    series: [
      { type: 'bar', name: 'one template (mean)', data: rows.map((r) => ({ value: r.singleTemplateMean, method: r.method })), itemStyle: { color: seriesColor(6) }, barMaxWidth: 48 },
      {
        type: 'bar',
        name: `ensemble of ${rows[0]?.templates ?? 0} templates`,
        data: rows.map((r) => ({ value: r.accuracy, method: r.method })),
        itemStyle: { color: seriesColor(0) },
        barMaxWidth: 48,
        label: { show: true, position: 'top', formatter: (p: { value: number }) => percent(p.value) },
      },
    ],
  } as ChartOption;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '⏎');
}
