/**
 * Attention matrices as images: one pixel per (query, key) cell, or the maximum of a block when
 * the matrix is larger than the target (so a sharp peak never disappears when 1,000 tokens are
 * shown in 300 pixels). Colour is gamma-scaled (w^0.4): attention is peaky, and a linear scale
 * would hide the spread-out weights of long prompts.
 */
export function matrixPixels(matrix: Float32Array, n: number, maxPx: number): { size: number; pixels: Uint8ClampedArray<ArrayBuffer> } {
  const image = pooledImage(matrix, n, maxPx);
  while (!image.step(n)) {
    // One step does every row.
  }
  return image.result();
}

/**
 * `matrixPixels` a few rows at a time: `step(rows)` pools the next `rows` query rows and returns
 * true once every row is pooled and coloured; `result()` then gives the pixels. The attention view
 * pools a 1,000-token head (a million weights) over several tasks.
 */
export function pooledImage(matrix: Float32Array, n: number, maxPx: number): { step(rows: number): boolean; result(): { size: number; pixels: Uint8ClampedArray<ArrayBuffer> } } {
  const px = Math.max(1, Math.min(n, maxPx));
  const pooled = new Float32Array(px * px);
  // The pixel column of each key, computed once: the inner loop below runs n² times (a million
  // for 1,000 tokens), so it only reads, compares and stores.
  const column = new Int32Array(n);
  for (let k = 0; k < n; k++) column[k] = Math.floor((k * px) / n);
  const data = new Uint8ClampedArray(px * px * 4);
  let next = 0;
  let coloured = false;
  return {
    step(rows) {
      const last = Math.min(n, next + rows);
      for (let q = next; q < last; q++) {
        const row = q * n;
        const outRow = Math.floor((q * px) / n) * px;
        // Every key: an encoder's rows spread over the whole row (a decoder's are zero above the diagonal).
        for (let k = 0; k < n; k++) {
          const w = matrix[row + k];
          const cell = outRow + column[k];
          if (w > pooled[cell]) pooled[cell] = w;
        }
      }
      next = last;
      if (next < n) return false;
      if (!coloured) {
        for (let i = 0; i < pooled.length; i++) {
          const w = pooled[i];
          // Most cells of a long prompt's matrix are zero (white): no power to compute.
          const v = w <= 0 ? 0 : Math.pow(Math.min(1, w), ATTENTION_GAMMA);
          // White (0) to deep blue (1).
          data[i * 4] = Math.round(255 - v * (255 - 24));
          data[i * 4 + 1] = Math.round(255 - v * (255 - 58));
          data[i * 4 + 2] = Math.round(255 - v * (255 - 150));
          data[i * 4 + 3] = 255;
        }
        coloured = true;
      }
      return true;
    },
    result: () => ({ size: px, pixels: data }),
  };
}

/** `matrixPixels` as an ImageData. */
export function matrixImage(matrix: Float32Array, n: number, maxPx: number): ImageData {
  const { size, pixels } = matrixPixels(matrix, n, maxPx);
  return new ImageData(pixels, size, size);
}

/** The gamma of the colour scale: shade = w^GAMMA. */
export const ATTENTION_GAMMA = 0.4;

/** The colour of weight w, as the matrix image draws it (for the colour scale). */
export function attentionColor(w: number): string {
  const v = Math.pow(Math.min(1, Math.max(0, w)), ATTENTION_GAMMA);
  return `rgb(${Math.round(255 - v * (255 - 24))}, ${Math.round(255 - v * (255 - 58))}, ${Math.round(255 - v * (255 - 150))})`;
}

/** Draws a matrix image into a square of `sizePx` at (x, y), without smoothing (the overview's small thumbnails). */
export function drawMatrix(ctx: CanvasRenderingContext2D, matrix: Float32Array, n: number, x: number, y: number, sizePx: number): void {
  const image = matrixImage(matrix, n, sizePx);
  const scratch = document.createElement('canvas');
  scratch.width = image.width;
  scratch.height = image.height;
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, x, y, sizePx, sizePx);
}
