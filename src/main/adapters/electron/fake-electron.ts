/**
 * A stand-in for the `electron` module in unit tests (no Electron runtime exists under vitest).
 *
 * Use with `vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)` and
 * inspect the same `fakeElectron` object from the test. Records what the shell asked Electron to do.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/** A web frame: only `url` matters to the shell. */
export type FakeFrame = { url: string; parent: FakeFrame | null }

/** The parts of WebContents the shell touches. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  mainFrame: FakeFrame = { url: 'app://desk/index.html', parent: null }
  readonly sent: Array<[string, unknown]> = []
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, message: unknown): void {
    this.sent.push([channel, message])
  }
}

/** The parts of BrowserWindow the shell touches. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  isDestroyedFlag = false
  shown = 0
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return this.isDestroyedFlag
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  show(): void {
    this.shown++
  }
  focus(): void {}
}

/** A navigation-style event whose preventDefault is observable. */
export function fakeEvent(url = ''): {
  url: string
  preventDefault: ReturnType<typeof vi.fn>
  defaultPrevented(): boolean
} {
  const preventDefault = vi.fn()
  return { url, preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 }
}

type Handler = (...args: unknown[]) => unknown

class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = []
  tooltip = ''
  menu: Array<{ label?: string }> = []
  destroyed = false
  constructor(readonly image: unknown) {
    super()
    FakeTray.instances.push(this)
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: { template: Array<{ label?: string }> }): void {
    this.menu = menu.template
  }
  destroy(): void {
    this.destroyed = true
  }
}

class FakeNotification extends EventEmitter {
  static readonly shown: FakeNotification[] = []
  static supported = true
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show(): void {
    FakeNotification.shown.push(this)
  }
}

const appEvents = new EventEmitter()
const sessionHandlers = {
  permissionRequest: null as Handler | null,
  permissionCheck: null as Handler | null,
  headersReceived: null as Handler | null,
  protocolHandlers: new Map<string, Handler>(),
}

/** The fake module; tests reset it with `resetFakeElectron()`. */
export const fakeElectron = {
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  Menu: {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: vi.fn(),
  },
  ipcMain: {
    handlers: new Map<string, Handler>(),
    handle(channel: string, handler: Handler) {
      if (this.handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`)
      this.handlers.set(channel, handler)
    },
    removeHandler(channel: string) {
      this.handlers.delete(channel)
    },
    on: vi.fn(),
  },
  shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 1, checkboxChecked: false })) },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  powerMonitor: new EventEmitter(),
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Handler) => (sessionHandlers.permissionRequest = h),
      setPermissionCheckHandler: (h: Handler) => (sessionHandlers.permissionCheck = h),
      webRequest: { onHeadersReceived: (h: Handler) => (sessionHandlers.headersReceived = h) },
      protocol: { handle: (scheme: string, h: Handler) => sessionHandlers.protocolHandlers.set(scheme, h) },
    },
  },
  sessionHandlers,
  app: Object.assign(appEvents, {
    hasLock: true,
    isPackaged: false,
    quit: vi.fn(),
    exit: vi.fn(),
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    userDataPath: '/tmp/fake-electron-user-data',
    getPath: vi.fn((_name: string) => fakeElectron.app.userDataPath),
    setPath: vi.fn((_name: string, path: string) => {
      fakeElectron.app.userDataPath = path
    }),
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock(): boolean {
      return fakeElectron.app.hasLock
    },
  }),
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
}

/** Forgets everything recorded so far. */
export function resetFakeElectron(): void {
  FakeBrowserWindow.instances.length = 0
  FakeTray.instances.length = 0
  FakeNotification.shown.length = 0
  FakeNotification.supported = true
  fakeElectron.ipcMain.handlers.clear()
  fakeElectron.app.removeAllListeners()
  fakeElectron.powerMonitor.removeAllListeners()
  fakeElectron.app.hasLock = true
  fakeElectron.app.isPackaged = false
  sessionHandlers.permissionRequest = null
  sessionHandlers.permissionCheck = null
  sessionHandlers.headersReceived = null
  sessionHandlers.protocolHandlers.clear()
  vi.clearAllMocks()
}

/** The fake's classes, for instance inspection. */
export const fakeClasses = { FakeBrowserWindow, FakeTray, FakeNotification }

/** What `vi.mock('electron', …)` should return: named exports plus a default (electron-store uses it). */
export function fakeElectronModule(): typeof fakeElectron & { default: typeof fakeElectron } {
  return { ...fakeElectron, default: fakeElectron }
}
