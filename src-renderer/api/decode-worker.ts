/// <reference lib="webworker" />
/**
 * Decodes large socket messages off the main thread: a 1,000-token attention layer arrives as
 * megabytes of base64 inside JSON, and parsing it on the page would block input for hundreds of
 * milliseconds. The typed arrays' buffers are transferred back, not copied.
 */
import { decodeMessage } from '../../src-shared/api/codec.ts';

export interface DecodeRequest {
  id: number;
  text: string;
}

function buffersOf(value: unknown, out: ArrayBuffer[], depth = 0): ArrayBuffer[] {
  if (value instanceof Float32Array) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (value && typeof value === 'object' && depth < 32) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) buffersOf(v, out, depth + 1);
  }
  return out;
}

self.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const { id, text } = event.data;
  try {
    const frame = decodeMessage(text);
    (self as unknown as Worker).postMessage({ id, frame }, buffersOf(frame, []));
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: String(error) });
  }
};
