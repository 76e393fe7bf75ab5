import { app, BrowserWindow, shell } from 'electron';
import { isAppUrl } from './app-url.ts';
import { isAllowedExternalUrl } from './external-links.ts';

export { isAppUrl };

/**
 * The workbench window, hardened as VS Code and Electron's security checklist ask: context
 * isolation, sandbox, no Node integration, no new windows, no navigation or redirect away from
 * the app, external links only to an allow-list, and no DevTools in a packaged build.
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
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to papers and docs open in the user's browser; the app never opens windows.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, rendererUrl, rendererFile)) event.preventDefault();
  };
  window.webContents.on('will-navigate', stayInApp);
  // A server redirect is a navigation too (the dev server, or anything it proxies).
  window.webContents.on('will-redirect', stayInApp);
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
  return window;
}
