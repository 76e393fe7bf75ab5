/**
 * Per-order accuracy, sorted within each seed: the order-sensitivity picture of Lu et al. 2022.
 *
 * Each seed (demonstration set) is a block of bars, best order first, so the spread a mere
 * reordering causes is the height difference inside a block. Blocks sit side by side on one
 * category axis; one series per seed gives a legend and a colour per seed.
 */
import type { ConditionResult } from '../../../../src-shared/api/runs.ts';
import type { ChartOption } from './echarts-setup.ts';
import { baseOption, baselineLines, categoryAxis, legend, percent, valueAxis, type AccuracyBaselines } from './chart-style.ts';
import { pickEvenly } from './downsample.ts';
import { seriesColor } from './palette.ts';

/** At most this many bars per seed; more orders are reduced to evenly spaced ranks. */
const MAX_BARS_PER_SEED = 120;

export interface SeedBlock {
  seed: number;
  /** Accuracies sorted best first (possibly downsampled) with their order indexes. */
  bars: { orderIndex: number; cell: number; accuracy: number }[];
  totalOrders: number;
}

/** Conditions of one method, grouped by seed and sorted best first. */
export function seedBlocks(conditions: readonly ConditionResult[], method: string, maxBars = MAX_BARS_PER_SEED): SeedBlock[] {
  const bySeed = new Map<number, { orderIndex: number; cell: number; accuracy: number }[]>();
  for (const c of conditions) {
    if (c.method !== method) continue;
    const list = bySeed.get(c.seed) ?? [];
    list.push({ orderIndex: c.orderIndex, cell: c.cell ?? 0, accuracy: c.accuracy });
    bySeed.set(c.seed, list);
  }
  return [...bySeed.entries()]
    .sort(([a], [b]) => a - b)
    .map(([seed, list]) => {
      const sorted = list.sort((a, b) => b.accuracy - a.accuracy || a.orderIndex - b.orderIndex);
      return { seed, bars: pickEvenly(sorted, maxBars), totalOrders: sorted.length };
    });
}

export function orderAccuracyOption(conditions: readonly ConditionResult[], method: string, baselines: AccuracyBaselines, orderName?: (seed: number, orderIndex: number) => string): ChartOption {
  const blocks = seedBlocks(conditions, method);
  const categories: string[] = [];
  const offsets: number[] = [];
  for (const block of blocks) {
    offsets.push(categories.length);
    block.bars.forEach((_, rank) => categories.push(`seed ${block.seed} · #${rank + 1}`));
  }
  const series = blocks.map((block, b) => {
    // Each bar carries its condition, so a click opens that (seed, order).
    const data: ({ value: number; seed: number; orderIndex: number; cell: number } | null)[] = new Array(categories.length).fill(null);
    block.bars.forEach((bar, rank) => {
      data[offsets[b] + rank] = { value: bar.accuracy, seed: block.seed, orderIndex: bar.orderIndex, cell: bar.cell };
    });
    return {
      type: 'bar' as const,
      name: `seed ${block.seed}`,
      data,
      stack: 'orders',
      barCategoryGap: '12%',
      itemStyle: { color: seriesColor(b) },
      markLine: b === 0 ? baselineLines(baselines) : undefined,
    };
  });
  const orderOf = new Map<string, number>();
  blocks.forEach((block, b) => block.bars.forEach((bar, rank) => orderOf.set(`${offsets[b] + rank}`, bar.orderIndex)));
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { dataIndex: number; seriesName: string; value: number; data: { seed: number; orderIndex: number } };
        const name = orderName ? `<br/>labels ${orderName(item.data.seed, item.data.orderIndex)}` : '';
        return `${item.seriesName}, order ${orderOf.get(`${item.dataIndex}`)}${name}<br/>accuracy <b>${percent(item.value)}</b><br/><i>click to open this condition</i>`;
      },
    },
    xAxis: { ...categoryAxis('orders, sorted by accuracy within each seed', categories, { nameGap: 16 }), axisLabel: { show: false }, axisTick: { show: false } },
    yAxis: valueAxis('accuracy', { percent: true, min: 0, max: 1 }),
    series,
  } as ChartOption;
}
