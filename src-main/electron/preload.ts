import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi, forwardPorts } from './preload-api.ts';

/** The page's window, as far as the preload uses it (this file is typed without the DOM library). */
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void };

/**
 * The renderer's only door to the backend: the surface built in preload-api.ts, exposed once,
 * and the ports main hands out, posted on to the page. Main checks the sender of every request.
 */
contextBridge.exposeInMainWorld('promptscope', buildPreloadApi(ipcRenderer));
// To the page's own window ('*': a file:// page's origin is opaque, and no other window is addressed).
forwardPorts(ipcRenderer, (message, transfer) => window.postMessage(message, '*', transfer));
