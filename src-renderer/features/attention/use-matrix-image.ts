import { useEffect, useState } from 'react';
import { queueChartWork } from '../../components/chart-queue.ts';
import { pooledImage } from './heat-map-draw.ts';

/** Cells pooled per task: 1,000-token rows, 120 of them, take a few milliseconds. */
const CELLS_PER_TASK = 120_000;

/**
 * The image of `matrix` (n × n, at most `maxPx` pixels a side) as an ImageBitmap, or null until it
 * is ready. The pixels are pooled a band of rows per queued task (chart-queue.ts; a million cells
 * for 1,000 tokens took 35–40 ms in one task), and the browser turns them into a bitmap (createImageBitmap)
 * outside the page's tasks: drawing the bitmap costs the canvas a copy, where putImageData on a
 * scratch canvas and scaling it had cost the page 40–55 ms in one task.
 */
export function useMatrixImage(matrix: Float32Array | undefined, n: number, maxPx: number): ImageBitmap | null {
  const [ready, setReady] = useState<{ matrix: Float32Array; n: number; maxPx: number; image: ImageBitmap } | null>(null);
  useEffect(() => {
    if (!matrix) return;
    let live = true;
    const image = pooledImage(matrix, n, maxPx);
    const rows = Math.max(1, Math.floor(CELLS_PER_TASK / Math.max(1, n)));
    const step = () => {
      if (!image.step(rows)) {
        cancel = queueChartWork(step, 'heat map image', true);
        return;
      }
      const { size, pixels } = image.result();
      void createImageBitmap(new ImageData(pixels, size, size)).then((bitmap) => {
        if (live) setReady({ matrix, n, maxPx, image: bitmap });
        else bitmap.close();
      });
    };
    let cancel = queueChartWork(step, 'heat map image');
    return () => {
      live = false;
      cancel();
    };
  }, [matrix, n, maxPx]);
  // An image of another matrix (the head before) is never shown as this one's.
  return ready && ready.matrix === matrix && ready.n === n && ready.maxPx === maxPx ? ready.image : null;
}
