import { useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import type { ChartOption } from '../../components/echarts.ts';
import type { AttentionSpanMass } from '../../../src-shared/api/attention.ts';

const KIND_COLORS: Record<string, string> = { demonstration: '#3461d1', label: '#e07b00', query: '#2ca02c', instruction: '#7f7f7f', other: '#9467bd' };

/** Attention mass each demonstration and each label token receives from the last position. */
export function MassPanel({ mass, layer }: { mass: AttentionSpanMass[]; layer: number }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 150, right: 70, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      yAxis: { type: 'category', inverse: true, data: mass.map((m) => m.name), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        {
          name: 'mean over layers',
          type: 'bar',
          data: mass.map((m) => ({ value: m.mean, itemStyle: { color: KIND_COLORS[m.kind] ?? '#888' } })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(3), fontSize: 11 },
        },
      ],
    }),
    [mass],
  );
  if (mass.length === 0) return null;
  return (
    <ChartCard title="Attention mass per span" option={option} heightPx={Math.max(160, mass.length * 26 + 40)} testId="attention-mass">
      <p className="muted" style={{ margin: '4px 0 0' }}>
        Share of the last token's attention (averaged over heads, then layers) that lands on each demonstration and label word. Layer {layer}:{' '}
        {mass.map((m) => `${m.name} ${(m.perLayer[layer] ?? 0).toFixed(3)}`).join(' · ')}
      </p>
    </ChartCard>
  );
}
