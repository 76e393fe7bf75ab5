import type { WebSocket } from 'ws';
import type { HandlerContext } from '../../src-shared/api/client.ts';
import { decodeMessage, encodeFrame } from '../../src-shared/api/codec.ts';
import { fail } from '../../src-shared/api/result.ts';
import type { ClientFrame, ServerFrame } from '../../src-shared/api/wire.ts';
import { dispatch } from '../api/dispatch.ts';
import type { Backend } from '../api/backend.ts';
import type { ErrorLog } from '../api/error-log.ts';

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(encodeFrame(frame));
}

/**
 * Serves the API on one authenticated socket: each request frame is dispatched (validated, results
 * not exceptions) and answered with its sequence number; events a handler emits for its caller
 * (generation tokens) go to this socket only, broadcasts (study progress) to every socket.
 */
export function serveSocket(socket: WebSocket, backend: Backend, log?: ErrorLog): void {
  const ctx: HandlerContext = { emit: (event, payload) => send(socket, { type: 'event', event, payload }) };
  const off = backend.onBroadcast((event, payload) => send(socket, { type: 'event', event, payload }));
  socket.on('close', off);
  socket.on('message', (data) => {
    let frame: ClientFrame;
    try {
      frame = decodeMessage(String(data)) as ClientFrame;
    } catch {
      send(socket, { type: 'reply', seq: -1, result: fail('INVALID_ARGS', 'the message is not JSON') });
      return;
    }
    if (!frame || frame.type !== 'request' || typeof frame.seq !== 'number') {
      send(socket, { type: 'reply', seq: -1, result: fail('INVALID_ARGS', 'expected { type: "request", seq, channel, args }') });
      return;
    }
    void dispatch(backend.handlers, frame.channel, frame.args, ctx, log).then((result) => send(socket, { type: 'reply', seq: frame.seq, result }));
  });
}
