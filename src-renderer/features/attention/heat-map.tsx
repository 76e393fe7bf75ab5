import { useState } from 'react';
import { downloadDataUrl } from '../../components/download.ts';
import { headColor, tokenLabel } from './head-colors.ts';
import { drawMatrix } from './heat-map-draw.ts';
import { useCanvas } from './use-canvas.ts';

export interface HeatMapProps {
  tokens: string[];
  heads: Float32Array[];
  layer: number;
}

const THUMB_PX = 120;
const LARGE_PX = 520;

/**
 * The layer's heads as small matrices (click one to enlarge) and the chosen head at up to one
 * pixel per cell, on canvas: a 1,000-token matrix is one image, not a million elements.
 */
export function HeatMap({ tokens, heads, layer }: HeatMapProps) {
  const [head, setHead] = useState(0);
  const [hover, setHover] = useState<{ q: number; k: number } | null>(null);
  const n = tokens.length;
  const chosen = Math.min(head, heads.length - 1);
  const columns = Math.min(heads.length, 6);
  const thumbsWidth = columns * (THUMB_PX + 10);
  const thumbsHeight = Math.ceil(heads.length / columns) * (THUMB_PX + 24);

  const thumbsRef = useCanvas(
    thumbsWidth,
    thumbsHeight,
    (ctx) => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, thumbsWidth, thumbsHeight);
      heads.forEach((matrix, h) => {
        const x = (h % columns) * (THUMB_PX + 10);
        const y = Math.floor(h / columns) * (THUMB_PX + 24);
        ctx.fillStyle = headColor(h);
        ctx.font = '11px system-ui, sans-serif';
        ctx.fillText(`head ${h}`, x, y + 11);
        drawMatrix(ctx, matrix, n, x, y + 16, THUMB_PX);
        ctx.strokeStyle = h === chosen ? '#3461d1' : '#dfe3e8';
        ctx.lineWidth = h === chosen ? 2 : 1;
        ctx.strokeRect(x - 0.5, y + 15.5, THUMB_PX + 1, THUMB_PX + 1);
      });
    },
    [heads, n, chosen, columns],
  );

  const largeRef = useCanvas(
    LARGE_PX,
    LARGE_PX,
    (ctx) => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, LARGE_PX, LARGE_PX);
      if (heads[chosen]) drawMatrix(ctx, heads[chosen], n, 0, 0, LARGE_PX);
    },
    [heads, n, chosen],
  );

  const pickThumb = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const col = Math.floor((event.clientX - rect.left) / (THUMB_PX + 10));
    const row = Math.floor((event.clientY - rect.top) / (THUMB_PX + 24));
    const h = row * columns + col;
    if (col < columns && h < heads.length) setHead(h);
  };

  const onHover = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const q = Math.floor(((event.clientY - rect.top) / LARGE_PX) * n);
    const k = Math.floor(((event.clientX - rect.left) / LARGE_PX) * n);
    setHover(q >= 0 && q < n && k >= 0 && k < n ? { q, k } : null);
  };

  const weight = hover && heads[chosen] ? heads[chosen][hover.q * n + hover.k] : null;
  return (
    <section className="card" data-testid="heat-map">
      <div className="row">
        <h2 style={{ margin: 0 }}>
          Attention matrices · layer {layer} · {n.toLocaleString()} tokens
        </h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={() => largeRef.current && downloadDataUrl(`attention-layer-${layer}-head-${chosen}.png`, largeRef.current.toDataURL('image/png'))}>
          PNG
        </button>
      </div>
      <p className="muted" style={{ margin: '4px 0 8px' }}>
        Rows are queries, columns keys (lower triangle: a token sees only what came before). Darker is more attention; each pixel shows the strongest cell it covers.
      </p>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div className="canvas-wrap" style={{ border: 'none' }}>
          <canvas ref={thumbsRef} onClick={pickThumb} style={{ cursor: 'pointer' }} data-testid="heat-map-heads" />
        </div>
        <div className="stack">
          <div className="canvas-wrap">
            <canvas ref={largeRef} onMouseMove={onHover} onMouseLeave={() => setHover(null)} data-testid="heat-map-canvas" />
          </div>
          <div className="mono muted" style={{ minHeight: 18 }}>
            head {chosen}
            {hover && weight !== null ? ` · query ${hover.q} ${tokenLabel(tokens[hover.q])} → key ${hover.k} ${tokenLabel(tokens[hover.k])}: ${weight.toFixed(4)}` : ''}
          </div>
        </div>
      </div>
    </section>
  );
}
