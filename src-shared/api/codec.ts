/**
 * JSON that keeps Float32Arrays, for browser mode (Electron's ports clone typed arrays natively).
 *
 * On the WebSocket (`encodeFrame` / `decodeFrame`), a message holding Float32Arrays goes as ONE
 * binary frame: a little-endian uint32 with the header's byte length, the header (the message as
 * UTF-8 JSON, each array replaced by `{ "$f32": [byteOffset, length] }`, the offset counted from
 * the data section), zero padding to a multiple of 4, then the data section: each distinct array's
 * bytes at its offset (4-byte aligned). The receiver views the arrays in
 * the frame's buffer without copying or decoding them, and a 1,000-token attention layer (16 MB of
 * weights) costs the sender one copy instead of a base64 pass over every byte. Every other message
 * is a text frame of plain JSON.
 *
 * Over HTTP (`encodeMessage` / `decodeMessage`), arrays go inside the JSON as `{ "$f32": base64 }`
 * (4 bytes per weight, a third more as text), never as number lists.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = (() => {
  const table = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? ALPHABET[n & 63] : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (LOOKUP[text.charCodeAt(i)] << 18) | (LOOKUP[text.charCodeAt(i + 1)] << 12) | (LOOKUP[text.charCodeAt(i + 2)] << 6) | LOOKUP[text.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** JSON.stringify with Float32Arrays encoded as `{ $f32: base64 }` (little-endian, as typed arrays are everywhere we run). */
export function encodeMessage(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float32Array) return { $f32: bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    return v;
  });
}

export function decodeMessage(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$f32' in v && typeof (v as { $f32: unknown }).$f32 === 'string') {
      const bytes = base64ToBytes((v as { $f32: string }).$f32);
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    }
    return v;
  });
}

/** UTF-8, which every runtime here has as a global (Node, browsers, workers); the shared code's types name no runtime. */
interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array<ArrayBuffer> };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
}
const { TextEncoder: Utf8Encoder, TextDecoder: Utf8Decoder } = globalThis as typeof globalThis & TextCodecs;

function float32Arrays(value: unknown, out: Float32Array[], depth = 0): Float32Array[] {
  if (value instanceof Float32Array) out.push(value);
  else if (value && typeof value === 'object' && depth < 64) for (const v of Array.isArray(value) ? value : Object.values(value as object)) float32Arrays(v, out, depth + 1);
  return out;
}

const align4 = (n: number) => (n + 3) & ~3;

/** A WebSocket frame for `value`: plain JSON text, or the binary layout above when it holds Float32Arrays. */
export function encodeFrame(value: unknown): string | Uint8Array<ArrayBuffer> {
  const arrays = float32Arrays(value, []);
  if (arrays.length === 0) return JSON.stringify(value);
  // Offsets count from the data section (after the header), so the header does not depend on its own length.
  const offsets = new Map<Float32Array, number>();
  let dataBytes = 0;
  for (const a of arrays) {
    if (offsets.has(a)) continue;
    offsets.set(a, dataBytes);
    dataBytes = align4(dataBytes + a.byteLength);
  }
  const headerBytes = new Utf8Encoder().encode(JSON.stringify(value, (_key, v: unknown) => (v instanceof Float32Array ? { $f32: [offsets.get(v), v.length] } : v)));
  const dataStart = align4(4 + headerBytes.length);
  const frame = new Uint8Array(dataStart + dataBytes);
  new DataView(frame.buffer).setUint32(0, headerBytes.length, true);
  frame.set(headerBytes, 4);
  for (const [a, offset] of offsets) frame.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + offset);
  return frame;
}

/** The message of a WebSocket frame from `encodeFrame`: its arrays are views into `data`, not copies. */
export function decodeFrame(data: string | ArrayBuffer): unknown {
  if (typeof data === 'string') return JSON.parse(data);
  if (data.byteLength < 4) throw new Error('a binary frame shorter than its header length');
  const headerLength = new DataView(data).getUint32(0, true);
  if (4 + headerLength > data.byteLength) throw new Error('a binary frame shorter than its header');
  const header = new Utf8Decoder().decode(new Uint8Array(data, 4, headerLength));
  const dataStart = align4(4 + headerLength);
  return JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$f32' in v && Array.isArray((v as { $f32: unknown }).$f32)) {
      const [offset, length] = (v as { $f32: [number, number] }).$f32;
      if (offset % 4 !== 0 || dataStart + offset + length * 4 > data.byteLength) throw new Error('a binary frame whose array lies outside it');
      return new Float32Array(data, dataStart + offset, length);
    }
    return v;
  });
}
