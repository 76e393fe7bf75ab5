import { parentPort } from 'node:worker_threads';
import { EngineCore } from './engine-core.ts';
import { toEngineError } from './engine-failure.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';

/**
 * The engine worker's entry: receives `{ id, request }` messages from EngineHost, answers with
 * `EngineResponse` data, and posts generation tokens as `{ event }` messages.
 *
 * Runs in a worker thread because ORT's run() computes on the calling thread (ENGINE-NOTES).
 */
const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');

const core = new EngineCore((event) => port.postMessage({ event }));

port.on('message', async (message: { id: number; request: EngineRequest } | { dispose: true }) => {
  if ('dispose' in message) {
    await core.dispose();
    port.postMessage({ disposed: true });
    return;
  }
  let response: EngineResponse;
  try {
    response = { id: message.id, ok: true, value: await core.handle(message.request) };
  } catch (error) {
    response = { id: message.id, ok: false, error: toEngineError(error) };
  }
  port.postMessage(response);
});
