import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** The application menu: the platform's usual items, with a Help link to the project's docs; DevTools only in development. */
export function installMenu(): void {
  const isMac = process.platform === 'darwin';
  const devTools: MenuItemConstructorOptions[] = app.isPackaged ? [] : [{ role: 'toggleDevTools' }];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, ...devTools, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `Promptscope ${app.getVersion()}`, enabled: false }, { label: 'Learn more', click: () => void shell.openExternal('https://github.com/') }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
