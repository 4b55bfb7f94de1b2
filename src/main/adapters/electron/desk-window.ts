/**
 * The desk's single window and the navigation rules for every web contents.
 *
 * The page is trusted only as far as the sandbox lets it be: no Node, isolated context, no new
 * windows, no navigation away from `app://desk`, no <webview>. Links to the web open in the
 * user's browser after their scheme is checked.
 */
import { BrowserWindow, shell, type WebContents } from 'electron'
import type { Logger } from '../../logging/logger'
import { APP_ENTRY_URL } from './app-origin'
import { parseExternalUrl, type ValidatedUrl } from './external-url'

/** Opens a validated link in the user's browser. */
export function openExternalLink(url: ValidatedUrl, log: Logger): void {
  shell.openExternal(url).catch((err: unknown) => log.warn('open-external: failed', { err }))
}

const hardened = new WeakSet<WebContents>()

/**
 * Denies new windows, navigation, redirects and webviews on `contents`.
 *
 * Installed for every web contents Electron creates (`web-contents-created`), not only our window,
 * so nothing slips through a path we did not think of.
 */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  // Idempotent: the desk window is hardened by createDeskWindow and again by `web-contents-created`;
  // doubled listeners would open every link twice.
  if (hardened.has(contents)) return
  hardened.add(contents)
  contents.setWindowOpenHandler(({ url }) => {
    const external = parseExternalUrl(url)
    if (external) openExternalLink(external, log)
    else log.warn('window-open: denied a non-web URL')
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    const external = parseExternalUrl(event.url)
    if (external) openExternalLink(external, log)
    else log.warn('navigate: denied')
  })
  contents.on('will-frame-navigate', (event) => {
    // The page is a single-page app: no frame, main or sub, ever needs to navigate by itself.
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
    log.warn('redirect: denied')
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log.warn('webview: denied')
  })
}

/** What the window needs. */
export type DeskWindowDeps = {
  preloadPath: string
  iconPath?: string
  log: Logger
}

/** Creates the desk window, hardens it and loads the renderer from `app://desk`. */
export function createDeskWindow(deps: Readonly<DeskWindowDeps>): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Faces Concur Desk',
    ...(deps.iconPath ? { icon: deps.iconPath } : {}),
    // Spelled out literally, here, so that both linters (eslint electron-security and
    // electronegativity) can see every flag.
    webPreferences: {
      preload: deps.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise open links through a path that skips the window-open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  hardenWebContents(window.webContents, deps.log)
  window.once('ready-to-show', () => window.show())
  window
    .loadURL(APP_ENTRY_URL)
    .catch((err: unknown) => deps.log.error('window: renderer failed to load', { err }))
  return window
}
