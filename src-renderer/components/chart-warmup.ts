/**
 * Draws one small, throwaway chart of each kind the workbench uses, one per idle period, after
 * start-up. The first chart of a kind runs ECharts code the engine has not compiled yet, which
 * made the first results page's first chart a task of several hundred milliseconds; warmed at
 * idle, a results page costs what its data costs. Nothing is shown.
 */
import { echarts, type ChartOption } from './echarts.ts';

const idle = () => new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 50)));

const axes = { grid: {}, xAxis: { type: 'category', data: ['a', 'b', 'c'], name: 'x' }, yAxis: { type: 'value', name: 'y' }, tooltip: {}, legend: {} };
const KINDS: ChartOption[] = [
  { ...axes, series: [{ type: 'bar', data: [1, 2, 3], label: { show: true }, markLine: { data: [{ yAxis: 1 }] } }] },
  { ...axes, series: [{ type: 'scatter', data: [1, 3, 2] }, { type: 'line', data: [2, 1, 3] }] },
  { ...axes, visualMap: { min: 0, max: 1 }, yAxis: { type: 'category', data: ['a', 'b'] }, series: [{ type: 'heatmap', data: [[0, 0, 0.5], [1, 1, 1]] }] },
];

export async function warmUpCharts(): Promise<void> {
  for (const option of KINDS) {
    await idle();
    const host = document.createElement('div');
    const chart = echarts.init(host, null, { renderer: 'canvas', width: 240, height: 160 });
    chart.setOption({ ...option, animation: false });
    chart.getZr().flush();
    chart.dispose();
  }
}
