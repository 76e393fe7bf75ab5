/**
 * Draws one small, throwaway chart of each kind the workbench uses, one per idle period, after
 * start-up. The first chart of a kind runs ECharts code the engine has not compiled yet, which
 * made the first results page's first chart a task of several hundred milliseconds; warmed at
 * idle, a results page costs what its data costs. Nothing is shown.
 */
import { echarts, type ChartOption } from './echarts.ts';

const idle = () => new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 50)));

// The components the study's charts use: a scrolling legend, tooltips, named axes, dashed
// reference lines with labels (chart-style.ts).
const axes = {
  grid: {},
  xAxis: { type: 'category', data: ['a', 'b', 'c'], name: 'x', nameLocation: 'middle' },
  yAxis: { type: 'value', name: 'y', nameLocation: 'middle', splitLine: { lineStyle: { type: 'dashed' } } },
  tooltip: { confine: true },
  legend: { type: 'scroll' },
};
const markLine = { silent: true, symbol: 'none', label: { formatter: 'chance', position: 'insideEndTop' }, data: [{ yAxis: 1 }, { yAxis: 2 }] };
const KINDS: ChartOption[] = [
  { ...axes, series: [{ type: 'bar', data: [1, 2, 3], stack: 's', label: { show: true }, markLine }] },
  { ...axes, series: [{ type: 'scatter', data: [1, 3, 2] }, { type: 'line', data: [2, 1, 3], markLine }] },
  { ...axes, series: [{ type: 'boxplot', data: [[1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [1, 1, 2, 3, 3]] }, { type: 'scatter', data: [1, 3, 2] }] },
  { ...axes, visualMap: { min: 0, max: 1 }, yAxis: { type: 'category', data: ['a', 'b'] }, series: [{ type: 'heatmap', data: [[0, 0, 0.5], [1, 1, 1]] }] },
];
/** Each kind is drawn this many times: a function's first calls run unoptimised. */
const ROUNDS = 3;

export async function warmUpCharts(): Promise<void> {
  for (const option of Array.from({ length: ROUNDS }, () => KINDS).flat()) {
    await idle();
    const host = document.createElement('div');
    const chart = echarts.init(host, null, { renderer: 'canvas', width: 240, height: 160 });
    try {
      // Boxplot and markLine are registered by the study view's chunk (study/charts/echarts-setup.ts), loaded before this runs.
      chart.setOption({ ...option, animation: false });
      chart.getZr().flush();
    } catch {
      // A kind whose chunk did not load is not warmed; the others still are.
    } finally {
      chart.dispose();
    }
  }
}
