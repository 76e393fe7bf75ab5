import type { HandlerContext } from '../../src-shared/api/client.ts';
import { createBackend } from '../api/backend.ts';
import { dispatch } from '../api/dispatch.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/**
 * The backend utility process (Electron's utilityProcess, VS Code's UtilityProcess): API handlers,
 * the engine host (its child process runs the models) and SQLite, so nothing heavy runs on the
 * main process's event loop. Talks to main over the parent port only.
 */
// Electron declares `process.parentPort` as always there; outside a utility process it is not.
const parentPort: Electron.ParentPort | undefined = process.parentPort;
if (!parentPort) throw new Error('backend.js must run as an Electron utility process');
const port = parentPort;
const send = (message: FromBackend) => port.postMessage(message);

const backend = createBackend({
  mode: 'electron',
  ...(process.env.PROMPTSCOPE_APP_VERSION ? { version: process.env.PROMPTSCOPE_APP_VERSION } : {}),
  ...(process.env.PROMPTSCOPE_DEFAULT_MODEL_DIR ? { defaultModelDir: process.env.PROMPTSCOPE_DEFAULT_MODEL_DIR } : {}),
  // The bundled worker sits beside this file in out/main.
  engine: { workerEntry: new URL('./worker.js', import.meta.url) },
});

backend.onBroadcast((event, payload) => send({ type: 'event', event, payload }));

port.on('message', ({ data }: { data: ToBackend }) => {
  // Only main posts here, and main grants only what its file dialog returned.
  if (data?.type === 'grant') {
    backend.files.grant(data.path);
    return;
  }
  if (data?.type !== 'request') return;
  const { seq, senderId, channel, args } = data;
  const ctx: HandlerContext = { emit: (event, payload) => send({ type: 'event', event, payload, senderId }) };
  void dispatch(backend.handlers, channel, args, ctx, backend.log).then((result) => send({ type: 'reply', seq, result }));
});

process.on('SIGTERM', () => {
  void backend.dispose().finally(() => process.exit(0));
});
