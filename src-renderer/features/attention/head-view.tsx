import { useCallback, useRef, useState } from 'react';
import { downloadDataUrl, downloadText } from '../../components/download.ts';
import { headColor } from './head-colors.ts';
import { drawHeadView, HEAD_VIEW_LAYOUT, headViewHeight, headViewSteps, headViewSvg, LINE_THRESHOLD } from './head-view-draw.ts';
import { useCanvas } from './use-canvas.ts';

export interface HeadViewProps {
  tokens: string[];
  heads: Float32Array[];
  layer: number;
  visibleHeads: boolean[];
  onToggleHead(head: number): void;
}

/** The scrolling window's height: the canvas is this tall (or the whole view, if shorter), whatever the prompt's length. */
const VIEW_PX = 560;

/**
 * BertViz's head view for one layer: hover a token on the left to see only its lines. The view
 * scrolls; the canvas stays the window's size and draws the rows in sight (a canvas as tall as
 * a 1,000-token view costs the browser most of a second to allocate and paint).
 */
export function HeadView({ tokens, heads, layer, visibleHeads, onToggleHead }: HeadViewProps) {
  const [focus, setFocus] = useState<number | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef<number | null>(null);
  const fullHeight = headViewHeight(tokens.length);
  const viewHeight = Math.min(fullHeight, VIEW_PX);
  const top = Math.max(0, Math.min(scrollTop, fullHeight - viewHeight));
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D) => {
      ctx.translate(0, -top);
      // The labels, then each head's lines, each in a task of its own (use-canvas.ts).
      return headViewSteps(ctx, tokens, heads, visibleHeads, focus, HEAD_VIEW_LAYOUT, { top, height: viewHeight });
    },
    [tokens, heads, visibleHeads, focus, top, viewHeight],
  );
  const ref = useCanvas(HEAD_VIEW_LAYOUT.widthPx, viewHeight, draw);

  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const target = event.currentTarget;
    frame.current ??= requestAnimationFrame(() => {
      frame.current = null;
      setScrollTop(target.scrollTop);
    });
  };
  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    if (x > HEAD_VIEW_LAYOUT.labelPx + 10) return setFocus(null);
    const row = Math.floor((event.clientY - rect.top + top - HEAD_VIEW_LAYOUT.topPx) / HEAD_VIEW_LAYOUT.rowPx);
    setFocus(row >= 0 && row < tokens.length ? row : null);
  };
  /** The whole view as one image, drawn when asked for. */
  const exportPng = () => {
    const canvas = document.createElement('canvas');
    canvas.width = HEAD_VIEW_LAYOUT.widthPx;
    canvas.height = fullHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    drawHeadView(ctx, tokens, heads, visibleHeads, focus);
    downloadDataUrl(`head-view-layer-${layer}.png`, canvas.toDataURL('image/png'));
  };

  return (
    <section className="card" data-testid="head-view">
      <div className="row">
        <h2 style={{ margin: 0 }}>Head view · layer {layer}</h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={exportPng}>
          PNG
        </button>
        <button className="btn btn-small" onClick={() => downloadText(`head-view-layer-${layer}.svg`, headViewSvg(tokens, heads, visibleHeads, focus), 'image/svg+xml')}>
          SVG
        </button>
      </div>
      <p className="muted" style={{ margin: '4px 0 8px' }}>
        Each line joins a token (left) to a token it attends to (right); colour is the head, opacity the weight. Weights under {LINE_THRESHOLD} are not drawn (here, in the PNG and in the SVG); the heat map shows every weight. Hover a token on the left to isolate it.
      </p>
      <div className="legend" style={{ marginBottom: 8 }}>
        {heads.map((_, head) => (
          <button key={head} aria-pressed={visibleHeads[head] ?? true} onClick={() => onToggleHead(head)} data-testid={`head-toggle-${head}`}>
            <span className="swatch" style={{ background: headColor(head) }} />
            head {head}
          </button>
        ))}
      </div>
      <div className="canvas-wrap" style={{ maxHeight: VIEW_PX }} onScroll={onScroll} data-testid="head-view-scroll">
        <div style={{ height: fullHeight }}>
          <canvas ref={ref} onMouseMove={onMove} onMouseLeave={() => setFocus(null)} data-testid="head-view-canvas" style={{ margin: '0 auto', position: 'sticky', top: 0, display: 'block' }} />
        </div>
      </div>
    </section>
  );
}
