import { describe, expect, it } from 'vitest';
import type { ConditionResult } from '../../../../src-shared/api/runs.ts';
import { boxStats, pickEvenly, quantilePoints } from './downsample.ts';
import { seedBlocks } from './order-accuracy-chart.ts';
import { accuraciesByMethod, methodDistributionOption } from './method-distribution-chart.ts';
import { toFractions } from './label-distribution-chart.ts';

const condition = (seed: number, orderIndex: number, method: string, accuracy: number): ConditionResult => ({
  seed,
  orderIndex,
  order: [],
  method,
  accuracy,
  macroF1: accuracy,
});

describe('downsampling', () => {
  it('keeps the first, last and evenly spaced items', () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    const kept = pickEvenly(items, 11);
    expect(kept).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(pickEvenly([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });
  it('reduces a strip to quantiles with its extremes', () => {
    const values = Array.from({ length: 40320 }, (_, i) => (i * 7919) % 40320);
    const points = quantilePoints(values, 400);
    expect(points).toHaveLength(400);
    expect(points[0]).toBe(0);
    expect(points[399]).toBe(40319);
  });
  it('computes numpy-style quartiles', () => {
    expect(boxStats([1, 2, 3, 4])).toEqual([1, 1.75, 2.5, 3.25, 4]);
  });
});

describe('order accuracy', () => {
  it('groups by seed and sorts best first', () => {
    const blocks = seedBlocks(
      [condition(1, 0, 'none', 0.5), condition(0, 0, 'none', 0.6), condition(0, 1, 'none', 0.9), condition(0, 1, 'contextual', 0.1)],
      'none',
    );
    expect(blocks.map((b) => b.seed)).toEqual([0, 1]);
    expect(blocks[0].bars).toEqual([
      { orderIndex: 1, cell: 0, accuracy: 0.9 },
      { orderIndex: 0, cell: 0, accuracy: 0.6 },
    ]);
  });
});

describe('method distribution', () => {
  it('puts each condition under its method and draws one box per method', () => {
    const conditions = [condition(0, 0, 'none', 0.5), condition(0, 1, 'none', 0.7), condition(0, 0, 'contextual', 0.8)];
    expect(accuraciesByMethod(conditions, ['none', 'contextual']).get('none')).toEqual([0.5, 0.7]);
    const option = methodDistributionOption([{ name: 'run', conditions }], ['none', 'contextual'], { chance: 0.5, majority: { rate: 0.64, label: 'Positive' } }) as {
      series: { type: string; data: unknown[]; markLine?: { data: { yAxis: number }[] } }[];
    };
    const box = option.series.find((s) => s.type === 'boxplot')!;
    expect((box.data[1] as { value: number[] }).value).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
    // Chance and the majority-class rate are both drawn.
    expect(box.markLine!.data.map((d) => d.yAxis)).toEqual([0.5, 0.64]);
    const points = option.series.find((s) => s.type === 'scatter')!.data as { seed: number; orderIndex: number; value: [number, number] }[];
    expect(points).toHaveLength(3);
    // Every point names its condition, so a click can open it.
    expect(points.filter((p) => p.value[1] === 0.7).map((p) => [p.seed, p.orderIndex])).toEqual([[0, 1]]);
  });
});

describe('toFractions', () => {
  it('turns counts into shares in label order', () => {
    expect(toFractions({ '1': 30, '0': 10 }, ['0', '1'])).toEqual([0.25, 0.75]);
  });
});
