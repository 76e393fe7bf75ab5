import type { EventChannel, RequestChannel } from './contract.ts';
import type { ApiResult } from './result.ts';

/**
 * The API's frames, on both transports that carry them: browser mode's WebSocket (encoded with
 * codec.ts) and, in the desktop app, the MessagePort between the renderer and the backend
 * utility process (structured clone, no encoding).
 *
 * A request carries a sequence number the reply echoes; events carry no number.
 */
export type ClientFrame = { type: 'request'; seq: number; channel: RequestChannel; args: unknown };

export type ServerFrame =
  | { type: 'reply'; seq: number; result: ApiResult<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown };

/**
 * Electron: what the preload posts to the page (window.postMessage) when main answers its
 * connect request: `port` carries the renderer's end of a MessageChannel to the backend in
 * `event.ports[0]`; `backend-stopped` says the backend process ended, so calls in flight on the
 * old port cannot be answered (the next call asks for a new port, which starts a new backend).
 */
export const PAGE_PORT_MESSAGE = 'promptscope:backend-port';
export type PagePortMessage = { type: typeof PAGE_PORT_MESSAGE; kind: 'port' } | { type: typeof PAGE_PORT_MESSAGE; kind: 'backend-stopped'; exitCode: number };
