import { createBackend } from '../api/backend.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';
import { servePort, type FramePort } from './serve-port.ts';

/**
 * The backend utility process (Electron's utilityProcess, VS Code's UtilityProcess): API handlers,
 * the engine host (its child process runs the models) and SQLite, so nothing heavy runs on the
 * main process's event loop. Each window's renderer talks to it over its own MessagePort, which
 * main handed out (`connect` on the parent port); the parent port itself carries only main's
 * messages (ports, file grants).
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

/** Electron's MessagePortMain as the FramePort servePort speaks over. */
function framePort(main: Electron.MessagePortMain): FramePort {
  const framed: FramePort = {
    postMessage: (frame) => main.postMessage(frame),
    onMessage: (listener) => void main.on('message', ({ data }) => listener(data)),
    onClose: (listener) => void main.on('close', listener),
  };
  return framed;
}

port.on('message', ({ data, ports }: { data: ToBackend; ports: Electron.MessagePortMain[] }) => {
  // Only main posts here: ports it created for windows it checked, and what its file dialog returned.
  if (data?.type === 'connect' && ports[0]) {
    servePort(framePort(ports[0]), backend);
    // A MessagePortMain queues messages until started.
    ports[0].start();
  } else if (data?.type === 'grant') {
    backend.files.grant(data.path);
    send({ type: 'granted', seq: data.seq });
  }
});

process.on('SIGTERM', () => {
  void backend.dispose().finally(() => process.exit(0));
});
