import { useEffect, useRef } from 'react';
import { queueChartWork } from '../../components/chart-queue.ts';

/**
 * A canvas sized in CSS pixels and drawn at the device's resolution (capped so very tall canvases
 * stay under the browser's size limit). The canvas is redrawn whenever the size or `draw` changes,
 * so callers pass `draw` through `useCallback` with the values it reads. Each drawing runs in a task
 * of its own (chart-queue.ts): the attention view's canvases (head view, heat map, overview) are each
 * drawn apart, never all in the commit's task.
 */
export function useCanvas(widthPx: number, heightPx: number, draw: (ctx: CanvasRenderingContext2D) => void) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // Hidden until its first drawing, so nothing (a person, a test) reads a blank canvas as drawn.
    if (ref.current && !ref.current.dataset.drawn) ref.current.style.visibility = 'hidden';
    return queueChartWork(() => {
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
      canvas.dataset.drawn = 'true';
      canvas.style.visibility = '';
    }, canvasLabel(ref.current));
  }, [widthPx, heightPx, draw]);
  return ref;
}

const canvasLabel = (canvas: HTMLCanvasElement | null) => `canvas ${canvas?.dataset.testid ?? ''}`.trim();
