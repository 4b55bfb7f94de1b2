import { beforeEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../logging/logger'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, fakeElectron, fakeEvent, resetFakeElectron } = await import('./fake-electron')
const { createDeskWindow, hardenWebContents } = await import('./desk-window')
const { APP_ENTRY_URL } = await import('./app-origin')

function newWindow() {
  createDeskWindow({ preloadPath: '/app/out/preload/index.js', log: silentLogger })
  const window = fakeClasses.FakeBrowserWindow.instances.at(-1)
  if (!window) throw new Error('no window was created')
  return window
}

describe('desk window', () => {
  beforeEach(() => resetFakeElectron())

  it('is built with isolated, sandboxed, Node-free and web-secure preferences', () => {
    const window = newWindow()
    const prefs = window.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/app/out/preload/index.js',
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
  })

  it('loads the renderer from the app:// origin, never a remote URL', () => {
    expect(newWindow().loadedUrl).toBe(APP_ENTRY_URL)
    expect(APP_ENTRY_URL.startsWith('app://desk/')).toBe(true)
  })

  it('denies every new window and opens only validated web links externally', () => {
    const contents = newWindow().webContents
    const handler = contents.windowOpenHandler
    if (!handler) throw new Error('no window-open handler installed')
    expect(handler({ url: 'https://www.concur.com/help' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'smb://evil/share' })).toEqual({ action: 'deny' })
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledTimes(1)
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith('https://www.concur.com/help')
  })

  it('prevents navigation, redirects, frame navigation and webview attachment', () => {
    const contents = newWindow().webContents
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']) {
      const event = fakeEvent('https://evil.example/')
      contents.emit(name, event)
      expect(event.defaultPrevented(), name).toBe(true)
    }
    const inApp = fakeEvent('app://desk/other.html')
    contents.emit('will-navigate', inApp)
    expect(inApp.defaultPrevented()).toBe(true)
  })

  it('opens a link the page tried to navigate to in the browser only when it is http(s)', () => {
    const contents = newWindow().webContents
    contents.emit('will-navigate', fakeEvent('file:///home/user/.ssh/id_rsa'))
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled()
    contents.emit('will-navigate', fakeEvent('https://developer.concur.com/'))
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith('https://developer.concur.com/')
  })

  it('opens a link once even when the same contents is hardened twice', () => {
    const window = newWindow()
    hardenWebContents(window.webContents as never, silentLogger)
    window.webContents.emit('will-navigate', fakeEvent('https://developer.concur.com/'))
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('hardens any web contents, not only the desk window', () => {
    const contents = new fakeClasses.FakeBrowserWindow({}).webContents
    hardenWebContents(contents as never, silentLogger)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    const event = fakeEvent('https://example.com/')
    contents.emit('will-navigate', event)
    expect(event.defaultPrevented()).toBe(true)
  })
})
