import { describe, expect, it } from 'vitest';
import type { ConditionResult, DesignSummary } from '../../../../src-shared/experiments/summary-types.ts';
import { axisValueOption, shortValue, spreadOption, varianceOption } from './design-charts.ts';

const design: DesignSummary = {
  axes: [{ name: 'template', values: ['A {{input}} {{label}}', 'B {{input}}\n{{label}}'] }],
  cells: 2,
  conditionsInDesign: 4,
  conditionsScored: 4,
  sample: null,
  referenceSource: null,
  corruption: null,
  perValue: [
    { axis: 'template', value: 'A {{input}} {{label}}', method: 'none', conditions: 2, accuracy: { mean: 0.6, std: 0.1, min: 0.5, max: 0.7, count: 2 }, reference: null },
    { axis: 'template', value: 'B {{input}}\n{{label}}', method: 'none', conditions: 2, accuracy: { mean: 0.8, std: 0, min: 0.8, max: 0.8, count: 2 }, reference: null },
  ],
  spread: [{ axis: 'template', method: 'none', values: 2, range: 0.2, std: 0.1, maxP: 0.8, avgP: 0.7, medianP: 0.7, minP: 0.6, cps: 0.72 }],
  variance: [{ method: 'none', totalSS: 0.06, factors: [{ factor: 'template', ss: 0.04, share: 2 / 3 }], residualShare: 1 / 3 }],
  templateEnsemble: null,
  estimate: null,
};
const conditions: ConditionResult[] = [0, 1].flatMap((seed) =>
  [0, 1].map((cell) => ({ seed, orderIndex: 0, cell, axes: { template: design.axes[0].values[cell] }, order: [], method: 'none', accuracy: cell ? 0.8 : seed ? 0.7 : 0.5, macroF1: 0 })),
);

describe('design charts', () => {
  it('puts a bar per axis value and every condition as a clickable point carrying its (seed, cell, order)', () => {
    const option = axisValueOption(design, conditions, 'template', 'none') as { series: { name: string; data: { value: unknown; seed?: number; cell?: number; axisValue: string }[] }[]; xAxis: { data?: string[] }[] };
    expect(option.xAxis[0].data).toEqual(['A {{input}} {{label}}', 'B {{input}}⏎{{label}}']);
    expect(option.series[0].data.map((d) => d.value)).toEqual([0.6, 0.8]);
    const points = option.series[1].data;
    expect(points).toHaveLength(4);
    expect(points.map((p) => [p.seed, p.cell, p.axisValue])).toEqual([
      [0, 0, 'A {{input}} {{label}}'],
      [1, 0, 'A {{input}} {{label}}'],
      [0, 1, 'B {{input}}\n{{label}}'],
      [1, 1, 'B {{input}}\n{{label}}'],
    ]);
  });

  it('shows the summary spread numbers and variance shares as they are', () => {
    const spread = spreadOption(design, 'none') as { series: { name: string; data: { value: number }[] }[] };
    expect(spread.series.map((s) => [s.name, s.data[0].value])).toEqual([
      ['range (max - min)', 0.2],
      ['std over values', 0.1],
      ['MaxP', 0.8],
      ['AvgP', 0.7],
      ['CPS', 0.72],
    ]);
    const variance = varianceOption(design) as { series: { name: string; data: { value: number }[] }[] };
    expect(variance.series.map((s) => [s.name, s.data[0].value])).toEqual([
      ['template', 2 / 3],
      ['interactions + residual', 1 / 3],
    ]);
    expect(shortValue('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
