import { isEventChannel, REQUEST_CHANNEL_NAMES, type EventChannelName } from '../../src-shared/api/channel-names.ts';
import { eventIpc, requestIpc } from './ipc-names.ts';

/** The parts of ipcRenderer the preload uses (so the surface can be built and tested without Electron). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** IPC channel of main's file dialog: the only way a path reaches the backend in the desktop app. */
export const CHOOSE_PATH_IPC = 'dialog:choose-path';

/**
 * What the preload exposes as `window.promptscope` (VS Code's preload.ts): one named function per
 * request channel of the contract, `on` for the contract's event channels, and `choosePath`, which
 * opens main's file dialog and answers the chosen path (the backend may then read it). There is no
 * generic invoke, and neither ipcRenderer nor any Node API is exposed.
 */
export function buildPreloadApi(ipc: PreloadIpc): Readonly<Record<string, unknown>> {
  const api: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNEL_NAMES) {
    api[channel] = (args: unknown) => ipc.invoke(requestIpc(channel), args);
  }
  api.on = (event: EventChannelName, listener: (payload: unknown) => void) => {
    if (!isEventChannel(event)) throw new Error(`unknown event channel ${String(event)}`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipc.on(eventIpc(event), wrapped);
    return () => {
      ipc.removeListener(eventIpc(event), wrapped);
    };
  };
  api.choosePath = (kind: 'file' | 'folder') => ipc.invoke(CHOOSE_PATH_IPC, kind === 'folder' ? 'folder' : 'file');
  return Object.freeze(api);
}
