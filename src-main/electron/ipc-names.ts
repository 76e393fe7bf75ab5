/**
 * Electron's own messages (the API's frames are in src-shared/api/wire.ts and travel over the
 * renderer's MessagePort to the backend, not through main).
 */

/** The preload asks main for a port to the backend (ipcRenderer.send; main checks the sender). */
export const CONNECT_IPC = 'backend:connect';
/** Main to the preload: `port` with the renderer's end in `event.ports`, or `backend-stopped`. */
export const PORT_IPC = 'backend:port';
export type PortIpcMessage = { kind: 'port' } | { kind: 'backend-stopped'; exitCode: number };

/** Messages between the main process and the backend utility process (its parent port). */
export type ToBackend =
  /** One renderer's end of a new MessageChannel travels with this message (`ports[0]`). */
  | { type: 'connect' }
  /** A path the user picked in main's file dialog: the backend may read it from now on (answered by `granted`). */
  | { type: 'grant'; seq: number; path: string };
export type FromBackend = { type: 'granted'; seq: number };
