/// <reference lib="webworker" />
/**
 * Browser mode's WebSocket, in a worker: receiving a 1,000-token attention layer means turning
 * megabytes of frame into a string and parsing base64 inside JSON, which on the page would hold
 * its main thread for most of a second. Here the worker receives and decodes every message and
 * posts the decoded frame to the page, with its typed arrays' buffers transferred, not copied.
 * Messages reach the page in the order they arrived.
 */
import { decodeMessage } from '../../src-shared/api/codec.ts';

/** Page -> worker. */
export type SocketCommand = { type: 'open'; url: string } | { type: 'send'; text: string };
/** Worker -> page. */
export type SocketNotice = { type: 'open' } | { type: 'frame'; frame: unknown } | { type: 'close'; code: number; reason: string };

let socket: WebSocket | null = null;
// The worker's global postMessage (typed here by the DOM lib's, whose options take the same `transfer`).
const post = (notice: SocketNotice, transfer: Transferable[] = []) => postMessage(notice, { transfer });

function buffersOf(value: unknown, out: ArrayBuffer[], depth = 0): ArrayBuffer[] {
  if (value instanceof Float32Array) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (value && typeof value === 'object' && depth < 32) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) buffersOf(v, out, depth + 1);
  }
  return out;
}

self.onmessage = (event: MessageEvent<SocketCommand>) => {
  const command = event.data;
  if (command.type === 'send') return socket?.send(command.text);
  const opened = new WebSocket(command.url);
  socket = opened;
  opened.onopen = () => post({ type: 'open' });
  opened.onmessage = (message) => {
    const frame = decodeMessage(String(message.data));
    post({ type: 'frame', frame }, buffersOf(frame, []));
  };
  opened.onclose = (closed) => {
    if (socket === opened) socket = null;
    post({ type: 'close', code: closed.code, reason: closed.reason });
  };
};
