/**
 * Shared look of every study and runs chart: fonts, axis names, grid lines, tooltip.
 *
 * One place so the charts read as a set (same axis name placement, same percent format) and an
 * exported PNG looks the same as the screen.
 */
import { CHART_INK } from './palette.ts';

export const FONT_FAMILY = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';

/** 0.8123 -> "81.2%". */
export function percent(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '–';
}

export function baseOption() {
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT_FAMILY, color: CHART_INK.text },
    tooltip: { confine: true, textStyle: { fontSize: 12 } },
  };
}

/** A value axis with a name in the middle, light grid lines and optional percent labels. */
export function valueAxis(name: string, opts: { percent?: boolean; min?: number; max?: number; nameGap?: number } = {}) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: opts.nameGap ?? 44,
    nameTextStyle: { color: CHART_INK.muted, fontSize: 12 },
    min: opts.min,
    max: opts.max,
    axisLabel: { color: CHART_INK.muted, formatter: opts.percent ? (v: number) => `${Math.round(v * 100)}%` : undefined },
    splitLine: { lineStyle: { color: CHART_INK.grid, type: 'dashed' as const } },
    // Keep the axis line at the chart's edge; "on zero" would put it through the first category
    // when a hidden numeric twin of a category axis (the strip plots) has its zero there.
    axisLine: { onZero: false },
  };
}

export function categoryAxis(name: string, data: string[], opts: { nameGap?: number; rotate?: number; interval?: number | 'auto' } = {}) {
  return {
    type: 'category' as const,
    name,
    data,
    nameLocation: 'middle' as const,
    nameGap: opts.nameGap ?? 30,
    nameTextStyle: { color: CHART_INK.muted, fontSize: 12 },
    axisLabel: { color: CHART_INK.muted, rotate: opts.rotate ?? 0, interval: opts.interval ?? 'auto' },
    axisTick: { alignWithLabel: true },
  };
}

export function legend(top: number | string = 0) {
  return { top, type: 'scroll' as const, textStyle: { color: CHART_INK.text, fontSize: 12 }, itemWidth: 14, itemHeight: 10 };
}

/** A dashed horizontal reference line (chance level, uniform probability). */
export function referenceLine(value: number, label: string) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: CHART_INK.muted, type: 'dashed' as const, width: 1 },
    label: { formatter: label, position: 'insideEndTop' as const, color: CHART_INK.muted, fontSize: 11, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], borderRadius: 3 },
    data: [{ yAxis: value }],
  };
}

/** The two floors every accuracy chart shows: chance (1/C) and always answering the most frequent gold class. */
export interface AccuracyBaselines {
  chance: number;
  /** Share of the test sample in its most frequent class, with that class. */
  majority: { rate: number; label: string } | null;
}

/** Dashed lines for the baselines; the majority line is drawn only where it differs from chance. */
export function baselineLines(b: AccuracyBaselines) {
  const line = referenceLine(b.chance, `chance 1/C = ${percent(b.chance, 0)}`);
  if (!b.majority || Math.abs(b.majority.rate - b.chance) < 1e-9) return line;
  return {
    ...line,
    data: [
      { yAxis: b.chance, label: { ...line.label, formatter: `chance 1/C = ${percent(b.chance, 0)}`, position: 'insideStartTop' as const } },
      { yAxis: b.majority.rate, lineStyle: { color: '#a66300', type: 'dashed' as const, width: 1 }, label: { ...line.label, color: '#a66300', formatter: `always "${b.majority.label}" = ${percent(b.majority.rate)}` } },
    ],
  };
}

/** A clickable condition in a chart's data: the item carries its (seed, order). */
export interface ConditionRef {
  seed: number;
  orderIndex: number;
}
