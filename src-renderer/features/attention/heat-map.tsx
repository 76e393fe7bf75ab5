import { useCallback, useMemo, useState } from 'react';
import { downloadDataUrl } from '../../components/download.ts';
import { tokenLabel } from './head-colors.ts';
import { ATTENTION_GAMMA, attentionColor } from './heat-map-draw.ts';
import { useCanvas } from './use-canvas.ts';
import { useMatrixImage } from './use-matrix-image.ts';
import './attention.css';

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
  // A bitmap made in a task of its own (a 1,000-token head is a million weights); the canvas shows it when it comes.
  const image = useMatrixImage(heads[chosen], n, LARGE_PX);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D) => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, LARGE_PX, LARGE_PX);
      if (!image) return;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, 0, 0, LARGE_PX, LARGE_PX);
    },
    [image],
  );
  const ref = useCanvas(LARGE_PX, LARGE_PX, draw, image !== null || !heads[chosen]);

  const onHover = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const q = Math.floor(((event.clientY - rect.top) / LARGE_PX) * n);
    const k = Math.floor(((event.clientX - rect.left) / LARGE_PX) * n);
    setHover(q >= 0 && q < n && k >= 0 && k < n ? { q, k } : null);
  };
  const weight = hover && heads[chosen] ? heads[chosen][hover.q * n + hover.k] : null;
  // At most ~40 labels along each axis, so they stay readable (every stride-th token).
  const stride = Math.max(1, Math.ceil(n / 40));
  const labels = useMemo(() => tokens.flatMap((t, i) => (i % stride === 0 ? [{ i, text: tokenLabel(t) }] : [])), [tokens, stride]);

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
      <div className="ps-heat">
        <span />
        <div className="ps-heat__top" style={{ width: LARGE_PX }} aria-label="keys">
          {labels.map(({ i, text }) => (
            <span key={i} style={{ left: ((i + 0.5) * LARGE_PX) / n }} title={`key ${i}`}>
              {text}
            </span>
          ))}
        </div>
        <div className="ps-heat__left" style={{ height: LARGE_PX }} aria-label="queries" data-testid="heat-map-labels">
          {labels.map(({ i, text }) => (
            <span key={i} style={{ top: ((i + 0.5) * LARGE_PX) / n }} title={`query ${i}`}>
              {text}
            </span>
          ))}
        </div>
        <div className="canvas-wrap" style={{ width: LARGE_PX + 2 }}>
          <canvas ref={ref} onMouseMove={onHover} onMouseLeave={() => setHover(null)} data-testid="heat-map-canvas" />
        </div>
        <span />
        <ColourScale />
      </div>
      {stride > 1 ? <p className="muted ps-small">Every {stride}th token is labelled ({n.toLocaleString()} tokens); hover for any cell.</p> : null}
      <div className="mono muted" style={{ minHeight: 18, marginTop: 6 }} data-testid="heat-map-readout">
        {hover && weight !== null ? `query ${hover.q} ${tokenLabel(tokens[hover.q])} → key ${hover.k} ${tokenLabel(tokens[hover.k])}: ${weight.toFixed(4)}` : 'hover the matrix to read a weight'}
      </div>
    </section>
  );
}

/** The colour scale of the matrix: weight 0 to 1 on the same gamma the image uses. */
function ColourScale() {
  const stops = Array.from({ length: 11 }, (_, i) => {
    const v = i / 10;
    return `${attentionColor(Math.pow(v, 1 / ATTENTION_GAMMA))} ${v * 100}%`;
  });
  return (
    <div className="ps-heat__scale" data-testid="heat-map-scale">
      <div className="ps-heat__gradient" style={{ background: `linear-gradient(to right, ${stops.join(', ')})`, width: LARGE_PX }} />
      <div className="ps-heat__ticks" style={{ width: LARGE_PX }}>
        {[0, 0.01, 0.05, 0.2, 0.5, 1].map((w) => (
          <span key={w} style={{ left: Math.pow(w, ATTENTION_GAMMA) * LARGE_PX }}>
            {w}
          </span>
        ))}
      </div>
      <span className="muted ps-small">attention weight (shade ∝ w^{ATTENTION_GAMMA}, so small weights stay visible)</span>
    </div>
  );
}
