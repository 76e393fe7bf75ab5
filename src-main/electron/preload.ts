import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './preload-api.ts';

/**
 * The renderer's only door to the backend: the surface built in preload-api.ts, exposed once.
 * Main checks the sender of every call.
 */
contextBridge.exposeInMainWorld('promptscope', buildPreloadApi(ipcRenderer));
