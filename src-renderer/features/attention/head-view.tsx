import { useCallback, useState } from 'react';
import { downloadDataUrl, downloadText } from '../../components/download.ts';
import { headColor } from './head-colors.ts';
import { drawHeadView, HEAD_VIEW_LAYOUT, headViewHeight, headViewSvg } from './head-view-draw.ts';
import { useCanvas } from './use-canvas.ts';

export interface HeadViewProps {
  tokens: string[];
  heads: Float32Array[];
  layer: number;
  visibleHeads: boolean[];
  onToggleHead(head: number): void;
}

/** BertViz's head view for one layer: hover a token on the left to see only its lines. */
export function HeadView({ tokens, heads, layer, visibleHeads, onToggleHead }: HeadViewProps) {
  const [focus, setFocus] = useState<number | null>(null);
  const height = headViewHeight(tokens.length);
  const draw = useCallback((ctx: CanvasRenderingContext2D) => drawHeadView(ctx, tokens, heads, visibleHeads, focus), [tokens, heads, visibleHeads, focus]);
  const ref = useCanvas(HEAD_VIEW_LAYOUT.widthPx, height, draw);

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    if (x > HEAD_VIEW_LAYOUT.labelPx + 10) return setFocus(null);
    const row = Math.floor((event.clientY - rect.top - HEAD_VIEW_LAYOUT.topPx) / HEAD_VIEW_LAYOUT.rowPx);
    setFocus(row >= 0 && row < tokens.length ? row : null);
  };

  return (
    <section className="card" data-testid="head-view">
      <div className="row">
        <h2 style={{ margin: 0 }}>Head view · layer {layer}</h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={() => ref.current && downloadDataUrl(`head-view-layer-${layer}.png`, ref.current.toDataURL('image/png'))}>
          PNG
        </button>
        <button className="btn btn-small" onClick={() => downloadText(`head-view-layer-${layer}.svg`, headViewSvg(tokens, heads, visibleHeads, focus), 'image/svg+xml')}>
          SVG
        </button>
      </div>
      <p className="muted" style={{ margin: '4px 0 8px' }}>
        Each line joins a token (left) to a token it attends to (right); colour is the head, opacity the weight. Hover a token on the left to isolate it.
      </p>
      <div className="legend" style={{ marginBottom: 8 }}>
        {heads.map((_, head) => (
          <button key={head} aria-pressed={visibleHeads[head] ?? true} onClick={() => onToggleHead(head)} data-testid={`head-toggle-${head}`}>
            <span className="swatch" style={{ background: headColor(head) }} />
            head {head}
          </button>
        ))}
      </div>
      <div className="canvas-wrap" style={{ maxHeight: 560 }}>
        <canvas ref={ref} onMouseMove={onMove} onMouseLeave={() => setFocus(null)} data-testid="head-view-canvas" style={{ margin: '0 auto' }} />
      </div>
    </section>
  );
}
