import { EngineCore } from './engine-core.ts';
import { toEngineError } from './engine-failure.ts';
import { lowerPriority, requestedNice } from './priority.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';

/**
 * The engine worker's entry: receives `{ id, request }` messages from EngineHost, answers with
 * `EngineResponse` data, and sends generation tokens as `{ event }` messages.
 *
 * Runs in a child process because ORT's run() computes on the calling thread, and
 * because a process, unlike a worker thread, can be stopped mid-run without aborting its parent.
 */
const send = process.send?.bind(process);
if (!send) throw new Error('worker.ts must run as a child process with an IPC channel');

// Before any model loads, so that onnxruntime's threads inherit it (priority.ts).
const nice = requestedNice(process.env);
if (nice !== null) lowerPriority(nice);

const core = new EngineCore((event) => send({ event }));

// The host owns this process's life: when it goes away, so do we.
process.on('disconnect', () => process.exit(0));

type HostMessage = { id: number; request: EngineRequest } | { dispose: true };

const onMessage = async (message: HostMessage): Promise<void> => {
  if ('dispose' in message) {
    await core.dispose();
    send({ disposed: true }, () => process.exit(0));
    return;
  }
  let response: EngineResponse;
  try {
    response = { id: message.id, ok: true, value: await core.handle(message.request) };
  } catch (error) {
    response = { id: message.id, ok: false, error: toEngineError(error) };
  }
  send(response);
};

// A failed dispose rejects here and ends the process (unhandled rejection): the host then sees it exit.
process.on('message', (message: HostMessage) => void onMessage(message));
