import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeMessage, encodeMessage } from './codec.ts';

describe('codec', () => {
  it('round-trips bytes of every length mod 3 through base64', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 10000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
      const text = bytesToBase64(bytes);
      expect(text.length % 4).toBe(0);
      expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
    }
  });

  it('keeps Float32Arrays exact inside JSON messages', () => {
    const heads = [new Float32Array([0.1, 0.2, 1 / 3, Number.MIN_VALUE]), new Float32Array([1, 0])];
    const decoded = decodeMessage(encodeMessage({ ok: true, value: { layer: 2, heads } })) as { value: { layer: number; heads: Float32Array[] } };
    expect(decoded.value.layer).toBe(2);
    expect(decoded.value.heads[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.value.heads[0])).toEqual(Array.from(heads[0]));
    expect(Array.from(decoded.value.heads[1])).toEqual([1, 0]);
  });
});
