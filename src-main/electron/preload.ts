import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, REQUEST_CHANNEL_NAMES, type EventChannelName } from '../../src-shared/api/channel-names.ts';
import { eventIpc, requestIpc } from './ipc-names.ts';

/**
 * The renderer's only door to the backend (VS Code's preload.ts): one named function per request
 * channel of the contract, and `on` for the contract's event channels. There is no generic invoke,
 * and neither ipcRenderer nor any Node API is exposed; main checks the sender of every call.
 */
const api: Record<string, unknown> = {};
for (const channel of REQUEST_CHANNEL_NAMES) {
  api[channel] = (args: unknown) => ipcRenderer.invoke(requestIpc(channel), args);
}
api.on = (event: EventChannelName, listener: (payload: unknown) => void) => {
  if (!isEventChannel(event)) throw new Error(`unknown event channel ${String(event)}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(eventIpc(event), wrapped);
  return () => {
    ipcRenderer.removeListener(eventIpc(event), wrapped);
  };
};

contextBridge.exposeInMainWorld('promptscope', Object.freeze(api));
