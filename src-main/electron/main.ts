import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, session, type WebContents, type WebFrameMain } from 'electron';
import { fail } from '../../src-shared/api/result.ts';
import { contentSecurityPolicy } from '../content-security-policy.ts';
import { BackendHost } from './backend-host.ts';
import { forkBackend } from './fork-backend.ts';
import { CONNECT_IPC, PORT_IPC, type PortIpcMessage } from './ipc-names.ts';
import { installMenu } from './menu.ts';
import { isAppUrl } from './app-url.ts';
import { CHOOSE_PATH_IPC } from './preload-api.ts';
import { createMainWindow } from './window.ts';

/**
 * The Electron main process, kept thin: the window, menus, the backend utility process, and the
 * introductions between them. Each window's renderer gets its own MessagePort to the backend
 * (asked for by its preload, after a sender check); API calls and events then go renderer to
 * backend directly. No handler, model or database runs here, and no API call passes through.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const preload = path.join(here, '../preload/index.cjs');
const rendererFile = path.join(here, '../renderer/index.html');
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const defaultModelDir = app.isPackaged ? path.join(process.resourcesPath, 'models', 'default') : path.join(app.getAppPath(), 'resources', 'models', 'default');

const backendEnv = { ...process.env, PROMPTSCOPE_DEFAULT_MODEL_DIR: defaultModelDir, PROMPTSCOPE_APP_VERSION: app.getVersion() };
const backend = new BackendHost(
  () => forkBackend(path.join(here, 'backend.js'), backendEnv),
  () => {
    const { port1, port2 } = new MessageChannelMain();
    return { backendEnd: port1, rendererEnd: port2 };
  },
  // Every window's port went with the process: its calls in flight fail and its next call reconnects.
  (exitCode) => {
    const message: PortIpcMessage = { kind: 'backend-stopped', exitCode };
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(PORT_IPC, message);
  },
);

/** Only the app's own renderer, in a window we created, may reach the backend or the dialog. */
function senderAllowed(event: { sender: WebContents; senderFrame: WebFrameMain | null }): boolean {
  const frame = event.senderFrame;
  if (!frame || !BrowserWindow.fromWebContents(event.sender)) return false;
  return isAppUrl(frame.url, rendererUrl, rendererFile);
}

const APP_CSP = contentSecurityPolicy(rendererUrl ? [rendererUrl.replace(/^http/, 'ws')] : []);

app.enableSandbox();

void app.whenReady().then(() => {
  installMenu();
  // The workbench needs no camera, notifications, clipboard-read, ...: every request and every check says no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // The same policy as index.html's meta tag, as a header too (it also covers the dev server).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  // A port to the backend, for the frame that asked (answered to that frame only); anything else gets nothing.
  ipcMain.on(CONNECT_IPC, (event) => {
    if (!senderAllowed(event) || !event.senderFrame) return;
    const message: PortIpcMessage = { kind: 'port' };
    event.senderFrame.postMessage(PORT_IPC, message, [backend.connect()]);
  });
  // File access by consent: the backend reads only what the user picked here (and the app's own folders).
  ipcMain.handle(CHOOSE_PATH_IPC, async (event, kind: unknown) => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!senderAllowed(event) || !window) return fail('FORBIDDEN', 'choosePath: refused a call from an unknown frame');
    const chosen = await dialog.showOpenDialog(window, { properties: [kind === 'folder' ? 'openDirectory' : 'openFile'] });
    if (chosen.canceled || chosen.filePaths.length === 0) return { ok: true, value: { path: null } };
    try {
      await backend.grant(chosen.filePaths[0]);
    } catch (error) {
      return fail('UNAVAILABLE', `choosePath: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { ok: true, value: { path: chosen.filePaths[0] } };
  });
  createMainWindow(preload, rendererUrl, rendererFile);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preload, rendererUrl, rendererFile);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => backend.stop());
