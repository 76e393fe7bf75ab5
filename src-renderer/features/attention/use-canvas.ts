import { useEffect, useRef } from 'react';

/**
 * A canvas sized in CSS pixels and drawn at the device's resolution (capped so very tall canvases
 * stay under the browser's size limit). The canvas is redrawn whenever the size or `draw` changes,
 * so callers pass `draw` through `useCallback` with the values it reads.
 */
export function useCanvas(widthPx: number, heightPx: number, draw: (ctx: CanvasRenderingContext2D) => void) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ratio = Math.min(window.devicePixelRatio || 1, 30000 / Math.max(widthPx, heightPx, 1));
    canvas.width = Math.round(widthPx * ratio);
    canvas.height = Math.round(heightPx * ratio);
    canvas.style.width = `${widthPx}px`;
    canvas.style.height = `${heightPx}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw(ctx);
  }, [widthPx, heightPx, draw]);
  return ref;
}
