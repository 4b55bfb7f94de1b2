/** The application menu: standard roles only, developer tools only in development builds. */
import { Menu, type MenuItemConstructorOptions } from 'electron'

/** Builds the menu template (pure; exported for tests). */
export function appMenuTemplate(options: {
  platform: NodeJS.Platform
  isPackaged: boolean
  onOpen(): void
}): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (!options.isPackaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' })
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Desk Window', accelerator: 'CmdOrCtrl+Shift+O', click: () => options.onOpen() },
        { type: 'separator' },
        options.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ]
}

/** Installs the application menu. */
export function installAppMenu(options: Parameters<typeof appMenuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(options)))
}
