import type { AttentionSpanMass } from '../../../src-shared/api/attention.ts';
import type { ChartOption } from '../../components/echarts.ts';

export interface DemoMass {
  name: string;
  demonstration: AttentionSpanMass;
  /** The label word inside this demonstration, if the spans name one. */
  label: AttentionSpanMass | null;
}

/** Pairs each demonstration with the label span whose tokens lie inside it. */
export function pairDemonstrations(mass: AttentionSpanMass[]): { demos: DemoMass[]; others: AttentionSpanMass[] } {
  const demos = mass.filter((m) => m.kind === 'demonstration');
  const labels = mass.filter((m) => m.kind === 'label');
  const used = new Set<AttentionSpanMass>();
  const paired = demos.map((d) => {
    const label = labels.find((l) => !used.has(l) && l.tokenStart >= d.tokenStart && l.tokenEnd <= d.tokenEnd) ?? null;
    if (label) used.add(label);
    return { name: d.name, demonstration: d, label };
  });
  const others = mass.filter((m) => m.kind !== 'demonstration' && !used.has(m));
  return { demos: paired, others };
}

/**
 * Attention mass per demonstration (its whole span, label included) and on its label word alone,
 * one pair of bars per demonstration in prompt order: recency and label effects show as a slope.
 * `layer` null plots the mean over layers.
 */
export function massOption(demos: DemoMass[], layer: number | null): ChartOption {
  const pick = (m: AttentionSpanMass | null) => (m ? (layer === null ? m.mean : (m.perLayer[layer] ?? 0)) : 0);
  const many = demos.length > 16;
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 36, bottom: many ? 40 : 56 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => Number(v).toFixed(4) },
    xAxis: { type: 'category', data: demos.map((d, i) => (d.label ? `${i + 1}: ${d.label.name.replace(/^label \d+: /, '')}` : `${i + 1}`)), axisLabel: { interval: many ? 'auto' : 0, rotate: many ? 0 : 30, fontSize: 11 } },
    yAxis: { type: 'value', name: 'attention', axisLabel: { formatter: (v: number) => String(+v.toPrecision(2)) } },
    series: [
      { name: 'demonstration', type: 'bar', data: demos.map((d) => pick(d.demonstration)), itemStyle: { color: '#3461d1' } },
      { name: 'its label word', type: 'bar', data: demos.map((d) => pick(d.label)), itemStyle: { color: '#e07b00' } },
    ],
  };
}
