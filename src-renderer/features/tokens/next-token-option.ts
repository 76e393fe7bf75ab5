import type { ChartOption } from '../../components/echarts.ts';
import type { NextResult } from '../../../src-shared/api/tokens.ts';

/** Shows a token's text with visible whitespace, so " Positive" and "Positive" differ on screen. */
export function showToken(text: string): string {
  return text.replace(/ /g, '·').replace(/\n/g, '↵').replace(/\t/g, '→') || '∅';
}

/** A horizontal bar chart of the top next tokens' probabilities, most likely on top. */
export function nextTokenOption(next: NextResult): ChartOption {
  const top = [...next.top].reverse();
  return {
    animation: false,
    grid: { left: 110, right: 60, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(2)}%` },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${+(v * 100).toPrecision(2)}%` } },
    yAxis: { type: 'category', data: top.map((t) => showToken(t.token)), axisLabel: { fontFamily: 'monospace' } },
    series: [
      {
        type: 'bar',
        data: top.map((t) => Math.exp(t.logprob)),
        itemStyle: { color: '#3461d1', borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => `${(p.value * 100).toFixed(1)}%`, fontSize: 11 },
      },
    ],
  };
}
