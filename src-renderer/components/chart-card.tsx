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

/**
 * Sets the option and queues its paint as a task of its own (chart-queue.ts): ECharts' setOption
 * builds the chart's elements and paints them in one call, and on a large study the two together
 * passed 50 ms for the busiest charts. Here setOption only builds (zrender's `flush`, shadowed for
 * the call, is what paints) and the paint is queued next, before any other chart is built, with
 * zrender's frame loop stopped until then, so that no animation frame paints it beside its commit.
 */
function setOptionThenPaint(chart: echarts.ECharts, option: ChartOption, highlight: ChartHighlight | null | undefined, label: string): () => void {
  const zr = chart.getZr();
  zr.flush = () => undefined;
  try {
    chart.setOption(stillOption(option), { notMerge: true });
    applyHighlight(chart, highlight);
  } finally {
    // The instance's own property goes; the prototype's flush is zrender's again.
    Reflect.deleteProperty(zr, 'flush');
  }
  // zrender's frame loop would paint the chart in the next animation frame, beside that frame's
  // commit; stopped, the chart waits for its own paint task, which starts the loop again (hover
  // and emphasis redraw through it).
  zr.animation.stop();
  return queueChartWork(
    () => {
      if (chart.isDisposed()) return;
      chart.getZr().flush();
      chart.getZr().wakeUp();
    },
    `${label} (paint)`,
    true,
  );
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
    let cancelPaint: (() => void) | null = null;
    const cancelInit = queueChartWork(() => {
      chart = echarts.init(host, null, { renderer: 'canvas' });
      chartRef.current = chart;
      chart.on('click', (params) => clickRef.current?.(params));
      cancelPaint = setOptionThenPaint(chart, optionRef.current, highlightRef.current, titleRef.current);
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
      cancelPaint?.();
      cancelResize?.();
      observer?.disconnect();
      chart?.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    // Before the chart exists, its creation draws the latest option.
    if (!chartRef.current) return;
    let cancelPaint: (() => void) | null = null;
    const cancelUpdate = queueChartWork(() => {
      const chart = chartRef.current;
      if (chart) cancelPaint = setOptionThenPaint(chart, option, highlightRef.current, titleRef.current);
    }, titleRef.current);
    return () => {
      cancelUpdate();
      cancelPaint?.();
    };
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
