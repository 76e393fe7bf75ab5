import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { eventIpc, requestIpc } from './ipc-names.ts';
import { requestChannelNames } from '../../src-shared/api/contract.ts';
import { fail } from '../../src-shared/api/result.ts';
import { contentSecurityPolicy } from '../content-security-policy.ts';
import { BackendHost } from './backend-host.ts';
import { forkBackend } from './fork-backend.ts';
import { installMenu } from './menu.ts';
import { isAppUrl } from './app-url.ts';
import { CHOOSE_PATH_IPC } from './preload-api.ts';
import { createMainWindow } from './window.ts';

/**
 * The Electron main process, kept thin: the window, menus, and a relay between the renderer's
 * preload and the backend utility process. No handler, model or database runs here.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const preload = path.join(here, '../preload/index.cjs');
const rendererFile = path.join(here, '../renderer/index.html');
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const defaultModelDir = app.isPackaged ? path.join(process.resourcesPath, 'models', 'default') : path.join(app.getAppPath(), 'resources', 'models', 'default');

const backendEnv = { ...process.env, PROMPTSCOPE_DEFAULT_MODEL_DIR: defaultModelDir, PROMPTSCOPE_APP_VERSION: app.getVersion() };
const backend = new BackendHost(() => forkBackend(path.join(here, 'backend.js'), backendEnv), (message) => {
  for (const window of BrowserWindow.getAllWindows()) {
    if (message.senderId === undefined || message.senderId === window.webContents.id) window.webContents.send(eventIpc(message.event), message.payload);
  }
});

/** Only the app's own renderer, in a window we created, may call the API. */
function senderAllowed(event: IpcMainInvokeEvent): boolean {
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
  for (const channel of requestChannelNames) {
    ipcMain.handle(requestIpc(channel), (event, args: unknown) => {
      if (!senderAllowed(event)) return fail('FORBIDDEN', `${channel}: refused a call from an unknown frame`);
      return backend.call(event.sender.id, channel, args);
    });
  }
  // File access by consent: the backend reads only what the user picked here (and the app's own folders).
  ipcMain.handle(CHOOSE_PATH_IPC, async (event, kind: unknown) => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!senderAllowed(event) || !window) return fail('FORBIDDEN', 'choosePath: refused a call from an unknown frame');
    const chosen = await dialog.showOpenDialog(window, { properties: [kind === 'folder' ? 'openDirectory' : 'openFile'] });
    if (chosen.canceled || chosen.filePaths.length === 0) return { ok: true, value: { path: null } };
    backend.grant(chosen.filePaths[0]);
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
