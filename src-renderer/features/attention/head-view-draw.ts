import { headColor, tokenLabel } from './head-colors.ts';

export interface HeadViewLayout {
  widthPx: number;
  rowPx: number;
  labelPx: number;
  topPx: number;
}

export const HEAD_VIEW_LAYOUT: HeadViewLayout = { widthPx: 540, rowPx: 16, labelPx: 130, topPx: 8 };

/** Lines lighter than this are not drawn: a row has at most 1/threshold of them per head. */
export const LINE_THRESHOLD = 0.02;

const ALPHA_BUCKETS = 8;

export function headViewHeight(tokens: number, layout = HEAD_VIEW_LAYOUT): number {
  return layout.topPx * 2 + tokens * layout.rowPx;
}

/**
 * Draws BertViz's head view on a 2D canvas: tokens twice (queries left, keys right), one line per
 * (query, key, head) whose weight passes the threshold, coloured by head, opacity by weight.
 * With `view`, only the band of rows from `view.top` (CSS pixels) of `view.height` is drawn, in
 * the context's coordinates translated by the caller: labels of the rows in it and the lines that
 * cross it, so a 1,000-token view (16,000 pixels tall) is a canvas of the screen's size.
 *
 * Lines are batched into a few opacity buckets per head and stroked as one path each, so a
 * 1,000-token prompt draws in milliseconds instead of one canvas call per line. With `focus`, only
 * that query token's lines are drawn (hovering a token, as in BertViz).
 */
export function drawHeadView(...args: Parameters<typeof headViewSteps>): void {
  for (const step of headViewSteps(...args)) step();
}

/**
 * `drawHeadView` as steps, for a caller that runs them in tasks of their own (use-canvas.ts): the
 * background and the labels first, then each visible head's lines. Rasterizing thousands of long
 * translucent lines is most of the drawing's cost (on a software-rendered canvas, 50–60 ms for the
 * four heads of a 1,000-token layer), so no one task rasterizes them all.
 */
export function headViewSteps(
  ctx: CanvasRenderingContext2D,
  tokens: string[],
  heads: Float32Array[],
  visible: boolean[],
  focus: number | null,
  layout = HEAD_VIEW_LAYOUT,
  view?: { top: number; height: number },
): (() => void)[] {
  const n = tokens.length;
  const { widthPx, rowPx, labelPx, topPx } = layout;
  const top = view?.top ?? 0;
  const bottom = view ? view.top + view.height : headViewHeight(n, layout);
  const leftX = labelPx + 6;
  const rightX = widthPx - labelPx - 6;
  const y = (i: number) => topPx + i * rowPx + rowPx / 2;
  // A line from y(q) to y(k) crosses the band when its vertical extent meets it: with the rows
  // lo..hi (one row of margin either side) in the band, when min(q, k) <= hi and max(q, k) >= lo.
  // So a row above the band reads only the keys from lo on, a row below only those up to hi: a
  // window of a 1,000-token view reads a few thousand weights per head, not a million.
  const lo = view ? Math.max(0, Math.ceil((top - rowPx - topPx - rowPx / 2) / rowPx)) : 0;
  const hi = view ? Math.min(n - 1, Math.floor((bottom + rowPx - topPx - rowPx / 2) / rowPx)) : n - 1;
  const visibleCount = Math.max(1, visible.filter(Boolean).length);

  const background = () => {
    ctx.clearRect(0, top, widthPx, bottom - top);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, top, widthPx, bottom - top);
    ctx.font = '12px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    const firstRow = Math.max(0, Math.floor((top - topPx) / rowPx) - 1);
    const lastRow = Math.min(n - 1, Math.ceil((bottom - topPx) / rowPx) + 1);
    for (let i = firstRow; i <= lastRow; i++) {
      const label = tokenLabel(tokens[i]);
      ctx.fillStyle = focus === i ? '#3461d1' : '#1d2330';
      ctx.textAlign = 'right';
      ctx.fillText(label, labelPx, y(i));
      ctx.fillStyle = '#1d2330';
      ctx.textAlign = 'left';
      ctx.fillText(label, widthPx - labelPx, y(i));
    }
  };

  const lines = (matrix: Float32Array, head: number) => () => {
    const buckets: Path2D[] = Array.from({ length: ALPHA_BUCKETS }, () => new Path2D());
    const rows = focus === null ? [...Array(n).keys()] : [focus];
    for (const q of rows) {
      const rowStart = q * n;
      const kFirst = q < lo ? lo : 0;
      const kLast = q > hi ? hi : n - 1;
      for (let k = kFirst; k <= kLast; k++) {
        const w = matrix[rowStart + k];
        if (w < LINE_THRESHOLD) continue;
        const bucket = Math.min(ALPHA_BUCKETS - 1, Math.floor(w * ALPHA_BUCKETS));
        buckets[bucket].moveTo(leftX, y(q));
        buckets[bucket].lineTo(rightX, y(k));
      }
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = headColor(head);
    buckets.forEach((path, bucket) => {
      ctx.globalAlpha = Math.min(1, ((bucket + 1) / ALPHA_BUCKETS) * (focus === null ? 0.9 : 1) * (2 / Math.sqrt(visibleCount + 3)));
      ctx.stroke(path);
    });
    ctx.globalAlpha = 1;
  };

  return [background, ...heads.flatMap((matrix, head) => (visible[head] ? [lines(matrix, head)] : []))];
}

/** The same picture as SVG (lines over the threshold only), for export. */
export function headViewSvg(tokens: string[], heads: Float32Array[], visible: boolean[], focus: number | null, layout = HEAD_VIEW_LAYOUT): string {
  const n = tokens.length;
  const { widthPx, rowPx, labelPx, topPx } = layout;
  const height = headViewHeight(n, layout);
  const leftX = labelPx + 6;
  const rightX = widthPx - labelPx - 6;
  const y = (i: number) => (topPx + i * rowPx + rowPx / 2).toFixed(1);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${height}" viewBox="0 0 ${widthPx} ${height}">`, `<rect width="100%" height="100%" fill="#fff"/>`];
  heads.forEach((matrix, head) => {
    if (!visible[head]) return;
    parts.push(`<g stroke="${headColor(head)}" stroke-width="1.5">`);
    for (let q = 0; q < n; q++) {
      if (focus !== null && q !== focus) continue;
      for (let k = 0; k < n; k++) {
        const w = matrix[q * n + k];
        if (w >= LINE_THRESHOLD) parts.push(`<line x1="${leftX}" y1="${y(q)}" x2="${rightX}" y2="${y(k)}" stroke-opacity="${Math.min(1, w).toFixed(3)}"/>`);
      }
    }
    parts.push('</g>');
  });
  parts.push('<g font-family="monospace" font-size="12" dominant-baseline="middle" fill="#1d2330">');
  tokens.forEach((t, i) => {
    parts.push(`<text x="${labelPx}" y="${y(i)}" text-anchor="end">${esc(tokenLabel(t))}</text>`);
    parts.push(`<text x="${widthPx - labelPx}" y="${y(i)}">${esc(tokenLabel(t))}</text>`);
  });
  parts.push('</g></svg>');
  return parts.join('');
}
