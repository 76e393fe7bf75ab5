import { useEffect, useState } from 'react';
import { queueChartWork } from '../../components/chart-queue.ts';
import { matrixPixels } from './heat-map-draw.ts';

/**
 * The image of `matrix` (n × n, at most `maxPx` pixels a side) as an ImageBitmap, or null until it
 * is ready. The pixels are pooled in a queued task of their own (chart-queue.ts; a million cells
 * for 1,000 tokens, about 10 ms), and the browser turns them into a bitmap (createImageBitmap)
 * outside the page's tasks: drawing the bitmap costs the canvas a copy, where putImageData on a
 * scratch canvas and scaling it had cost the page 40–55 ms in one task.
 */
export function useMatrixImage(matrix: Float32Array | undefined, n: number, maxPx: number): ImageBitmap | null {
  const [ready, setReady] = useState<{ matrix: Float32Array; n: number; maxPx: number; image: ImageBitmap } | null>(null);
  useEffect(() => {
    if (!matrix) return;
    let live = true;
    const cancel = queueChartWork(() => {
      const { size, pixels } = matrixPixels(matrix, n, maxPx);
      void createImageBitmap(new ImageData(pixels, size, size)).then((image) => {
        if (live) setReady({ matrix, n, maxPx, image });
        else image.close();
      });
    }, 'heat map image');
    return () => {
      live = false;
      cancel();
    };
  }, [matrix, n, maxPx]);
  // An image of another matrix (the head before) is never shown as this one's.
  return ready && ready.matrix === matrix && ready.n === n && ready.maxPx === maxPx ? ready.image : null;
}
