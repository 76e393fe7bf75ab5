import { PAGE_PORT_MESSAGE, type PagePortMessage } from '../../src-shared/api/wire.ts';
import { CONNECT_IPC, PORT_IPC, type PortIpcMessage } from './ipc-names.ts';

/** The parts of ipcRenderer the preload uses (so the surface can be built and tested without Electron). */
export interface PreloadIpc<Port> {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: { ports: Port[] }, message: unknown) => void): unknown;
}

/** IPC channel of main's file dialog: the only way a path reaches the backend in the desktop app. */
export const CHOOSE_PATH_IPC = 'dialog:choose-path';

/**
 * What the preload exposes as `window.promptscope` (VS Code's preload.ts): `connect`, which asks
 * main for a MessagePort to the backend (it arrives as a window message, see forwardPorts), and
 * `choosePath`, which opens main's file dialog and answers the chosen path (the backend may then
 * read it). Neither ipcRenderer nor any Node API is exposed; the API itself is spoken over the
 * port, where the backend checks every channel and argument against the contract.
 */
export function buildPreloadApi(ipc: PreloadIpc<unknown>): Readonly<Record<string, unknown>> {
  return Object.freeze({
    connect: () => ipc.send(CONNECT_IPC),
    choosePath: (kind: 'file' | 'folder') => ipc.invoke(CHOOSE_PATH_IPC, kind === 'folder' ? 'folder' : 'file'),
  });
}

/**
 * Passes main's port messages on to the page. contextBridge cannot carry a MessagePort, so the
 * preload posts it to its own window with the port transferred (Electron's documented pattern);
 * the page takes messages whose source is its own window only. Anything else main might send on
 * the channel is dropped.
 */
export function forwardPorts<Port>(ipc: PreloadIpc<Port>, postToPage: (message: PagePortMessage, transfer: Port[]) => void): void {
  ipc.on(PORT_IPC, (event, raw) => {
    const message = raw as Partial<PortIpcMessage> | null;
    if (message?.kind === 'port' && event.ports.length === 1) postToPage({ type: PAGE_PORT_MESSAGE, kind: 'port' }, event.ports);
    else if (message?.kind === 'backend-stopped' && typeof message.exitCode === 'number') postToPage({ type: PAGE_PORT_MESSAGE, kind: 'backend-stopped', exitCode: message.exitCode }, []);
  });
}
