import { describe, expect, it } from 'vitest';
import { ATTENTION_GAMMA, matrixPixels, pooledImage } from './heat-map-draw.ts';

/** A seeded matrix with zeros (as above a decoder's diagonal) and a few sharp peaks. */
function matrixOf(n: number, seed: number): Float32Array {
  let x = seed;
  const m = new Float32Array(n * n);
  for (let i = 0; i < m.length; i++) {
    x = (x * 48271) % 2147483647;
    const q = Math.floor(i / n);
    const k = i % n;
    m[i] = k > q ? 0 : (x / 2147483647) ** 3;
  }
  return m;
}

describe('the matrix image', () => {
  it('shades each pixel by the largest weight of the cells it covers, whether pooled at once or a few rows per step', () => {
    for (const [n, px] of [
      [37, 10],
      [12, 40],
      [101, 33],
    ]) {
      const matrix = matrixOf(n, n * 7 + 1);
      const size = Math.min(n, px);
      // By the definition: pixel (r, c) shows max over q with floor(q·size/n) = r and k with floor(k·size/n) = c.
      const expected = new Uint8ClampedArray(size * size * 4);
      for (let r = 0; r < size; r++)
        for (let c = 0; c < size; c++) {
          let w = 0;
          for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) if (Math.floor((q * size) / n) === r && Math.floor((k * size) / n) === c) w = Math.max(w, matrix[q * n + k]);
          const v = w <= 0 ? 0 : Math.pow(Math.min(1, w), ATTENTION_GAMMA);
          expected.set([Math.round(255 - v * (255 - 24)), Math.round(255 - v * (255 - 58)), Math.round(255 - v * (255 - 150)), 255], (r * size + c) * 4);
        }
      const whole = matrixPixels(matrix, n, px);
      expect(whole.size).toBe(size);
      expect(Array.from(whole.pixels)).toEqual(Array.from(expected));
      const stepped = pooledImage(matrix, n, px);
      let steps = 1;
      while (!stepped.step(3)) steps++;
      expect(steps).toBe(Math.ceil(n / 3));
      expect(Array.from(stepped.result().pixels)).toEqual(Array.from(expected));
    }
  });
});
