import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeFrame, decodeMessage, encodeFrame, encodeMessage } from './codec.ts';

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

  it('sends a message without arrays as a JSON text frame', () => {
    const frame = encodeFrame({ type: 'reply', seq: 3, result: { ok: true, value: 'é' } });
    expect(typeof frame).toBe('string');
    expect(decodeFrame(frame as string)).toEqual({ type: 'reply', seq: 3, result: { ok: true, value: 'é' } });
  });

  it('sends arrays as one binary frame whose arrays are aligned views, exact, shared arrays once', () => {
    const a = new Float32Array([0.1, -2, 1 / 3, Number.MIN_VALUE, Number.NaN]);
    // A view at an odd offset of a larger buffer, and headers of every length mod 4.
    const b = new Float32Array(new ArrayBuffer(40), 12, 5).map((_, i) => i * 1.5);
    for (const name of ['', 'x', 'xy', 'xyz', 'naïve']) {
      const frame = encodeFrame({ type: 'reply', seq: 1, result: { ok: true, value: { name, heads: [a, b, a], empty: new Float32Array(0) } } });
      expect(frame).toBeInstanceOf(Uint8Array);
      const bytes = frame as Uint8Array<ArrayBuffer>;
      // The frame holds the header and each distinct array once.
      expect(bytes.byteLength).toBeLessThan(4 + 200 + a.byteLength + b.byteLength + 8);
      const decoded = decodeFrame(bytes.buffer) as { result: { value: { name: string; heads: Float32Array[]; empty: Float32Array } } };
      const { heads, empty } = decoded.result.value;
      expect(decoded.result.value.name).toBe(name);
      expect(heads.map((h) => h.buffer === bytes.buffer && h.byteOffset % 4 === 0)).toEqual([true, true, true]);
      expect(Array.from(heads[0])).toEqual(Array.from(a));
      expect(Array.from(heads[1])).toEqual([0, 1.5, 3, 4.5, 6]);
      expect(heads[2].byteOffset).toBe(heads[0].byteOffset);
      expect(empty.length).toBe(0);
    }
  });

  it('refuses a binary frame whose header or arrays lie outside it', () => {
    expect(() => decodeFrame(new ArrayBuffer(2))).toThrow(/shorter/);
    const frame = encodeFrame({ v: new Float32Array([1, 2, 3]) }) as Uint8Array<ArrayBuffer>;
    expect(() => decodeFrame(frame.buffer.slice(0, frame.byteLength - 4))).toThrow(/outside/);
    const truncatedHeader = new Uint8Array(8);
    new DataView(truncatedHeader.buffer).setUint32(0, 100, true);
    expect(() => decodeFrame(truncatedHeader.buffer)).toThrow(/header/);
  });
});
