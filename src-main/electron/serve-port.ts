import type { HandlerContext } from '../../src-shared/api/client.ts';
import { fail } from '../../src-shared/api/result.ts';
import type { ClientFrame, ServerFrame } from '../../src-shared/api/wire.ts';
import type { Backend } from '../api/backend.ts';
import { dispatch } from '../api/dispatch.ts';

/**
 * One end of a MessageChannel as the backend sees it (Electron's MessagePortMain adapted in
 * backend.ts; a Node MessagePort in tests): frames are structured-cloned, so nothing is encoded.
 */
export interface FramePort {
  postMessage(frame: ServerFrame): void;
  onMessage(listener: (data: unknown) => void): void;
  /** The other end went away (its window closed or reloaded). */
  onClose(listener: () => void): void;
}

function isRequest(data: unknown): data is ClientFrame {
  const frame = data as Partial<ClientFrame> | null;
  return typeof frame === 'object' && frame !== null && frame.type === 'request' && typeof frame.seq === 'number';
}

/**
 * Serves the API on one renderer's port, as serveSocket does on a socket: each request is
 * dispatched (the channel and the arguments checked against the contract, results not
 * exceptions) and answered with its sequence number; events a handler emits for its caller go to
 * this port only, broadcasts (study progress) to every port. Main relays nothing: it only handed
 * the two ends out.
 */
export function servePort(port: FramePort, backend: Pick<Backend, 'handlers' | 'onBroadcast' | 'log'>): void {
  const ctx: HandlerContext = { emit: (event, payload) => port.postMessage({ type: 'event', event, payload }) };
  const off = backend.onBroadcast((event, payload) => port.postMessage({ type: 'event', event, payload }));
  port.onClose(off);
  port.onMessage((data) => {
    if (!isRequest(data)) {
      port.postMessage({ type: 'reply', seq: -1, result: fail('INVALID_ARGS', 'expected { type: "request", seq, channel, args }') });
      return;
    }
    void dispatch(backend.handlers, data.channel, data.args, ctx, backend.log).then((result) => port.postMessage({ type: 'reply', seq: data.seq, result }));
  });
}
