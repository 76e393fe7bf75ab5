/// <reference lib="webworker" />
/**
 * Browser mode's WebSocket, in a worker: the worker receives and parses every message (JSON, or a
 * binary frame whose arrays are views into it, src-shared/api/codec.ts) and posts the decoded
 * frame to the page, with its typed arrays' buffers transferred, not copied. The page's main
 * thread never parses a large message. Messages reach the page in the order they arrived.
 */
import { decodeFrame } from '../../src-shared/api/codec.ts';

/** Page -> worker. */
export type SocketCommand = { type: 'open'; url: string } | { type: 'send'; text: string };
/** Worker -> page. */
export type SocketNotice = { type: 'open' } | { type: 'frame'; frame: unknown } | { type: 'close'; code: number; reason: string };

let socket: WebSocket | null = null;
// The worker's global postMessage (typed here by the DOM lib's, whose options take the same `transfer`).
const post = (notice: SocketNotice, transfer: Transferable[] = []) => postMessage(notice, { transfer });

self.onmessage = (event: MessageEvent<SocketCommand>) => {
  const command = event.data;
  if (command.type === 'send') return socket?.send(command.text);
  const opened = new WebSocket(command.url);
  opened.binaryType = 'arraybuffer';
  socket = opened;
  opened.onopen = () => post({ type: 'open' });
  opened.onmessage = (message) => {
    const data = message.data as string | ArrayBuffer;
    // A binary frame's arrays are all views into its one buffer (codec.ts): that buffer is transferred; text frames hold none.
    post({ type: 'frame', frame: decodeFrame(data) }, typeof data === 'string' ? [] : [data]);
  };
  opened.onclose = (closed) => {
    if (socket === opened) socket = null;
    post({ type: 'close', code: closed.code, reason: closed.reason });
  };
};
