/** The application menu: standard roles plus an About box showing where the ACS listens. */
import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Workbench } from '../app/workbench';

export function applicationMenuTemplate(workbench: () => Workbench | null, isMac = process.platform === 'darwin'): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About CWMP Workbench',
          click: () => {
            const wb = workbench();
            const urls = wb?.urls();
            void dialog.showMessageBox({
              type: 'info',
              title: 'CWMP Workbench',
              message: `CWMP Workbench ${app.getVersion()}`,
              detail: `ACS: ${urls?.acsHttp ?? '—'}\nACS (TLS): ${urls?.acsHttps ?? '—'}\nData: ${wb?.options.dataDir ?? '—'}`,
            });
          },
        },
      ],
    },
  ];
}

export function buildMenu(workbench: () => Workbench | null): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(workbench)));
}
