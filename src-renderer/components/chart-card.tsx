import { useEffect, useRef, type ReactNode } from 'react';
import { downloadDataUrl, downloadText, fileStem } from './download.ts';
import { echarts, type ChartOption } from './echarts.ts';

export interface ChartCardProps {
  title: string;
  option: ChartOption;
  heightPx?: number;
  testId?: string;
  children?: ReactNode;
  /** Called with ECharts' click event parameters (the clicked item's `data`, series and index). */
  onItemClick?: (params: ChartClick) => void;
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
export function ChartCard({ title, option, heightPx = 320, testId, children, onItemClick }: ChartCardProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = echarts.init(host, null, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => clickRef.current?.(params));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

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
