import { useEffect, useRef } from 'react';
import { queueChartWork } from '../../components/chart-queue.ts';

/**
 * A canvas sized in CSS pixels and drawn at the device's resolution (capped so very tall canvases
 * stay under the browser's size limit). The canvas is redrawn whenever the size or `draw` changes,
 * so callers pass `draw` through `useCallback` with the values it reads. Each drawing runs in a task
 * of its own (chart-queue.ts): the attention view's canvases (head view, heat map, overview) are each
 * drawn apart, never all in the commit's task.
 *
 * A `draw` that returns steps has the first run at once and each other one in a task of its own
 * after a frame (so the browser rasterizes each step's drawing apart, not all in one frame); the
 * canvas shows once the last has run.
 *
 * `ready` false (what it draws is still being computed, e.g. in a worker) draws nothing: the canvas
 * stays hidden until its first drawing, and keeps its last one (marked `data-pending`) until then.
 */
export function useCanvas(widthPx: number, heightPx: number, draw: CanvasDraw, ready = true) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // Hidden until its first drawing, so nothing (a person, a test) reads a blank canvas as drawn.
    if (ref.current && !ref.current.dataset.drawn) ref.current.style.visibility = 'hidden';
    if (ref.current) ref.current.dataset.pending = String(!ready);
    if (!ready) return;
    let cancelled = false;
    let frame = 0;
    const label = canvasLabel(ref.current);
    const shown = (canvas: HTMLCanvasElement) => {
      canvas.dataset.drawn = 'true';
      canvas.style.visibility = '';
    };
    const runSteps = (canvas: HTMLCanvasElement, steps: (() => void)[], i: number) => {
      frame = requestAnimationFrame(() => {
        cancelJob = queueChartWork(
          () => {
            if (cancelled) return;
            steps[i]();
            if (i + 1 < steps.length) runSteps(canvas, steps, i + 1);
            else shown(canvas);
          },
          `${label} (step ${i + 1} of ${steps.length})`,
          true,
        );
      });
    };
    let cancelJob = queueChartWork(() => {
      const canvas = ref.current;
      if (!canvas) return;
      const ratio = Math.min(window.devicePixelRatio || 1, 30000 / Math.max(widthPx, heightPx, 1));
      const width = Math.round(widthPx * ratio);
      const height = Math.round(heightPx * ratio);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        canvas.style.width = `${widthPx}px`;
        canvas.style.height = `${heightPx}px`;
      } else {
        // The same size (a scroll, a hover): cleared, not reallocated (assigning the size again
        // would reallocate the backing store, 10 ms for the head view's).
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.globalAlpha = 1;
        ctx.clearRect(0, 0, width, height);
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const steps = draw(ctx) ?? [];
      // The first step now (the canvas was just cleared), the others after frames.
      steps[0]?.();
      if (steps.length > 1) runSteps(canvas, steps, 1);
      else shown(canvas);
    }, label);
    return () => {
      cancelled = true;
      cancelJob();
      cancelAnimationFrame(frame);
    };
  }, [widthPx, heightPx, draw, ready]);
  return ref;
}

/** Draws on the context, or returns the steps that will (run in tasks of their own). */
export type CanvasDraw = (ctx: CanvasRenderingContext2D) => void | (() => void)[];

const canvasLabel = (canvas: HTMLCanvasElement | null) => `canvas ${canvas?.dataset.testid ?? ''}`.trim();
