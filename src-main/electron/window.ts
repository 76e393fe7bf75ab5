import path from 'node:path';
import { BrowserWindow, shell } from 'electron';

/**
 * The workbench window, hardened as VS Code and Electron's security checklist ask: context
 * isolation, sandbox, no Node integration, no new windows, no navigation away from the app.
 */
export function createMainWindow(preload: string, rendererUrl: string | undefined, rendererFile: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    title: 'Promptscope',
    backgroundColor: '#f6f7f9',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to papers and docs open in the user's browser; the app never opens windows.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl, rendererFile)) event.preventDefault();
  });
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
  return window;
}

/** Whether a frame URL is the app's own renderer (the dev server, or the built index.html). */
export function isAppUrl(url: string, rendererUrl: string | undefined, rendererFile: string): boolean {
  if (rendererUrl) return url.startsWith(rendererUrl);
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && path.resolve(decodeURIComponent(parsed.pathname)) === path.resolve(rendererFile);
  } catch {
    return false;
  }
}
