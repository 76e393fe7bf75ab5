import { useCallback } from 'react';
import type { AttentionThumbnailsResult } from '../../../src-shared/api/attention.ts';
import { downloadDataUrl } from '../../components/download.ts';
import { headColor } from './head-colors.ts';
import { drawMatrix } from './heat-map-draw.ts';
import { useCanvas } from './use-canvas.ts';

const CELL_PX = 64;
const GAP_PX = 8;
const LEFT_PX = 56;
const TOP_PX = 20;

/**
 * Every layer (rows) and head (columns) as a small max-pooled matrix, as BertViz's model view
 * lays them out; click one to open it in the head view and the large matrix.
 */
export function LayerHeadGrid({ thumbnails, layer, head, onSelect }: { thumbnails: AttentionThumbnailsResult; layer: number; head: number; onSelect(layer: number, head: number): void }) {
  const layers = thumbnails.thumbs.length;
  const heads = thumbnails.thumbs[0]?.length ?? 0;
  const width = LEFT_PX + heads * (CELL_PX + GAP_PX);
  const height = TOP_PX + layers * (CELL_PX + GAP_PX);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D) => {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      for (let h = 0; h < heads; h++) {
        ctx.fillStyle = headColor(h);
        ctx.fillText(`head ${h}`, LEFT_PX + h * (CELL_PX + GAP_PX), TOP_PX / 2);
      }
      thumbnails.thumbs.forEach((row, l) => {
        const y = TOP_PX + l * (CELL_PX + GAP_PX);
        ctx.fillStyle = '#5f6b7a';
        ctx.fillText(`layer ${l}`, 0, y + CELL_PX / 2);
        row.forEach((matrix, h) => {
          const x = LEFT_PX + h * (CELL_PX + GAP_PX);
          drawMatrix(ctx, matrix, thumbnails.size, x, y, CELL_PX);
          const selected = l === layer && h === head;
          ctx.strokeStyle = selected ? '#3461d1' : '#dfe3e8';
          ctx.lineWidth = selected ? 2 : 1;
          ctx.strokeRect(x - 0.5, y - 0.5, CELL_PX + 1, CELL_PX + 1);
        });
      });
    },
    [thumbnails, layer, head, width, height, heads],
  );
  const ref = useCanvas(width, height, draw);

  const onClick = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const h = Math.floor((event.clientX - rect.left - LEFT_PX) / (CELL_PX + GAP_PX));
    const l = Math.floor((event.clientY - rect.top - TOP_PX) / (CELL_PX + GAP_PX));
    if (h >= 0 && h < heads && l >= 0 && l < layers) onSelect(l, h);
  };

  return (
    <section className="card" data-testid="layer-head-grid">
      <div className="row">
        <h2 style={{ margin: 0 }}>Every layer and head</h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={() => ref.current && downloadDataUrl('attention-layers-heads.png', ref.current.toDataURL('image/png'))}>
          PNG
        </button>
      </div>
      <p className="muted" style={{ margin: '4px 0 8px' }}>
        Each square is one head's matrix, shrunk so each cell shows the strongest weight it covers. Click one to open it below.
      </p>
      <div className="canvas-wrap" style={{ border: 'none' }}>
        <canvas ref={ref} onClick={onClick} style={{ cursor: 'pointer' }} data-testid="layer-head-canvas" />
      </div>
    </section>
  );
}
