import { useState } from 'react';
import { downloadDataUrl } from '../../components/download.ts';
import { tokenLabel } from './head-colors.ts';
import { drawMatrix } from './heat-map-draw.ts';
import { useCanvas } from './use-canvas.ts';

export interface HeatMapProps {
  tokens: string[];
  heads: Float32Array[];
  layer: number;
  head: number;
  /** Encoders: rows cover every key. */
  bidirectional?: boolean;
}

const LARGE_PX = 520;

/**
 * One head's attention matrix at up to one pixel per cell, on canvas: a 1,000-token matrix is one
 * image, not a million elements. Hovering reads out the query, the key and the weight.
 */
export function HeatMap({ tokens, heads, layer, head, bidirectional }: HeatMapProps) {
  const [hover, setHover] = useState<{ q: number; k: number } | null>(null);
  const n = tokens.length;
  const chosen = Math.min(head, heads.length - 1);
  const ref = useCanvas(
    LARGE_PX,
    LARGE_PX,
    (ctx) => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, LARGE_PX, LARGE_PX);
      if (heads[chosen]) drawMatrix(ctx, heads[chosen], n, 0, 0, LARGE_PX);
    },
    [heads, n, chosen],
  );

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
          Layer {layer} · head {chosen} · {n.toLocaleString()} tokens
        </h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={() => ref.current && downloadDataUrl(`attention-layer-${layer}-head-${chosen}.png`, ref.current.toDataURL('image/png'))}>
          PNG
        </button>
      </div>
      <p className="muted" style={{ margin: '4px 0 8px' }}>
        Rows are queries, columns keys ({bidirectional ? 'full square: an encoder token sees the whole text, before and after it' : 'lower triangle: a token sees only what came before'}). Darker is more attention; each pixel shows the strongest cell it covers.
      </p>
      <div className="canvas-wrap" style={{ width: LARGE_PX + 2 }}>
        <canvas ref={ref} onMouseMove={onHover} onMouseLeave={() => setHover(null)} data-testid="heat-map-canvas" />
      </div>
      <div className="mono muted" style={{ minHeight: 18, marginTop: 6 }} data-testid="heat-map-readout">
        {hover && weight !== null ? `query ${hover.q} ${tokenLabel(tokens[hover.q])} → key ${hover.k} ${tokenLabel(tokens[hover.k])}: ${weight.toFixed(4)}` : 'hover the matrix to read a weight'}
      </div>
    </section>
  );
}
