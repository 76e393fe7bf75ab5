import { useEffect, useRef, type ReactNode } from 'react';
import { downloadDataUrl, downloadText, fileStem } from './download.ts';
import { queueChartWork } from './chart-queue.ts';
import { echarts, type ChartOption } from './echarts.ts';

export interface ChartCardProps {
  title: string;
  option: ChartOption;
  heightPx?: number;
  testId?: string;
  children?: ReactNode;
  /** Called with ECharts' click event parameters (the clicked item's `data`, series and index). */
  onItemClick?: (params: ChartClick) => void;
  /** Items drawn emphasised (ECharts' highlight), e.g. the item another chart's pointer is on; null for none. */
  highlight?: ChartHighlight | null;
}

export interface ChartHighlight {
  seriesIndex: number;
  dataIndex: number[];
}

/**
 * The option drawn once, without ECharts' entry animation: an animated chart re-draws itself on
 * every frame for a second, a stream of tasks while the page should answer input. (SVG export
 * draws without animation too.)
 */
function stillOption(option: ChartOption): ChartOption {
  return { ...option, animation: false };
}

/** Emphasises exactly the given items (downplaying whatever was emphasised before). */
function applyHighlight(chart: echarts.ECharts, highlight: ChartHighlight | null | undefined): void {
  chart.dispatchAction({ type: 'downplay' });
  if (highlight && highlight.dataIndex.length > 0) chart.dispatchAction({ type: 'highlight', seriesIndex: highlight.seriesIndex, dataIndex: highlight.dataIndex });
}

export interface ChartClick {
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  data: unknown;
  name?: string;
}

/**
 * A chart in a card with PNG and SVG export. The screen uses the canvas renderer; SVG export
 * renders the same option once with the SVG renderer, so the file is real vector graphics.
 */
export function ChartCard({ title, option, heightPx = 320, testId, children, onItemClick, highlight }: ChartCardProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  const highlightRef = useRef(highlight);
  highlightRef.current = highlight;
  // The title only names the chart's queued work (chart-queue.ts); a new title never redraws it.
  const titleRef = useRef(title);
  titleRef.current = title;
  const chartRef = useRef<echarts.ECharts | null>(null);

  // Created, drawn and resized in queued tasks (chart-queue.ts): a page of charts never draws
  // them all in one task.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let chart: echarts.ECharts | null = null;
    let observer: ResizeObserver | null = null;
    let cancelResize: (() => void) | null = null;
    const cancelInit = queueChartWork(() => {
      chart = echarts.init(host, null, { renderer: 'canvas' });
      chartRef.current = chart;
      chart.on('click', (params) => clickRef.current?.(params));
      chart.setOption(stillOption(optionRef.current), { notMerge: true });
      applyHighlight(chart, highlightRef.current);
      // Painted now, in this task, not in the next animation frame beside other charts' paint.
      chart.getZr().flush();
      let width = host.clientWidth;
      let height = host.clientHeight;
      observer = new ResizeObserver(() => {
        // The first callback reports the size init already used.
        if (host.clientWidth === width && host.clientHeight === height) return;
        width = host.clientWidth;
        height = host.clientHeight;
        cancelResize?.();
        cancelResize = queueChartWork(() => {
          chart?.resize();
          chart?.getZr().flush();
        }, `${titleRef.current} (resize)`);
      });
      observer.observe(host);
    }, titleRef.current);
    return () => {
      cancelInit();
      cancelResize?.();
      observer?.disconnect();
      chart?.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    // Before the chart exists, its creation draws the latest option.
    if (!chartRef.current) return;
    return queueChartWork(() => {
      const chart = chartRef.current;
      if (!chart) return;
      chart.setOption(stillOption(option), { notMerge: true });
      applyHighlight(chart, highlightRef.current);
      chart.getZr().flush();
    }, titleRef.current);
  }, [option]);

  useEffect(() => {
    if (chartRef.current) applyHighlight(chartRef.current, highlight);
  }, [highlight]);

  const exportPng = () => {
    const chart = chartRef.current;
    if (chart) downloadDataUrl(`${fileStem(title)}.png`, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
  };
  const exportSvg = () => {
    const host = hostRef.current;
    if (!host) return;
    const svgChart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: host.clientWidth || 800, height: heightPx });
    svgChart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
    const svg = svgChart.renderToSVGString();
    svgChart.dispose();
    downloadText(`${fileStem(title)}.svg`, svg, 'image/svg+xml');
  };

  return (
    <section className="card" data-testid={testId}>
      <div className="row">
        <h2 style={{ margin: 0 }}>{title}</h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={exportPng}>
          PNG
        </button>
        <button className="btn btn-small" onClick={exportSvg}>
          SVG
        </button>
      </div>
      {children}
      <div ref={hostRef} style={{ height: heightPx, marginTop: 8 }} />
    </section>
  );
}
