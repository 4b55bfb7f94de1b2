import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../../../shared/channels'
import type { EntityView } from '../../../shared/model'
import { ok } from '../../../shared/result'
import { createPushBus } from '../../app/push-bus'
import type { ShellDesk as Desk, ShellDeskOptions as DeskOptions } from './electron-shell'
import { shellDeps } from './shell-deps.test-helper'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { startElectronShell } = await import('./electron-shell')

function fakeDesk(entities: EntityView[] = []) {
  const bus = createPushBus()
  const dispatch = vi.fn(async (channel: unknown) => (channel === 'entities:list' ? ok(entities) : ok(null)))
  const desk: Desk = {
    dispatch,
    bus,
    info: () => ({ businessTimeZone: 'Europe/Zurich' }) as ReturnType<Desk['info']>,
    onResume: vi.fn(),
    takeOverQuit: vi.fn(() => false),
    stop: vi.fn(async () => {}),
  }
  return desk
}

async function start(desk = fakeDesk()) {
  const created: DeskOptions[] = []
  const shell = await startElectronShell(
    shellDeps(async (options) => {
      created.push(options)
      return desk
    }),
  )
  return { shell, created, desk }
}

const entity = (id: string, nextPollAtMs: number) =>
  ({ id, archived: false, polling: { active: true, nextPollAtMs } }) as unknown as EntityView

describe('electron shell', () => {
  beforeEach(() => resetFakeElectron())

  it('quits without building a desk when another instance holds the lock', async () => {
    fakeElectron.app.hasLock = false
    const { shell, created } = await start()
    expect(shell).toBeNull()
    expect(created).toHaveLength(0)
    expect(fakeElectron.app.quit).toHaveBeenCalled()
    expect(fakeClasses.FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('builds an electron-transport desk, hardens the session and opens one secure window', async () => {
    const { created } = await start()
    expect(created).toEqual([
      expect.objectContaining({ transport: 'electron', dataDir: '/data', version: '1.2.3' }),
    ])
    expect(fakeElectron.sessionHandlers.permissionRequest).not.toBeNull()
    expect(fakeElectron.sessionHandlers.headersReceived).not.toBeNull()
    expect([...fakeElectron.sessionHandlers.protocolHandlers.keys()]).toEqual(['app'])
    expect(fakeClasses.FakeBrowserWindow.instances).toHaveLength(1)
    expect(fakeClasses.FakeBrowserWindow.instances[0]?.options.webPreferences).toMatchObject({
      sandbox: true,
    })
    expect([...fakeElectron.ipcMain.handlers.keys()]).toEqual([IPC_CALL_CHANNEL])
  })

  it('focuses the existing window when a second instance starts', async () => {
    await start()
    fakeElectron.app.emit('second-instance')
    expect(fakeClasses.FakeBrowserWindow.instances).toHaveLength(1)
    expect(fakeClasses.FakeBrowserWindow.instances[0]?.shown).toBe(1)
  })

  it('forwards pushes to the window, shows notify pushes natively and keeps the tray on the next poll', async () => {
    const desk = fakeDesk([entity('a', Date.UTC(2026, 0, 15, 13, 50))])
    await start(desk)
    const tray = fakeClasses.FakeTray.instances[0]
    expect(tray?.tooltip).toBe('Faces Concur Desk: Next poll at 14:50')
    desk.bus.emit('entity:updated', entity('b', Date.UTC(2026, 0, 15, 13, 5)))
    expect(tray?.tooltip).toBe('Faces Concur Desk: Next poll at 14:05')
    desk.bus.emit('notify', {
      id: 'n',
      level: 'warning',
      title: 'Closing soon',
      body: 'b',
      entityId: null,
      atMs: 0,
    })
    expect(fakeClasses.FakeNotification.shown.map((n) => n.options.title)).toEqual(['Closing soon'])
    const sent = fakeClasses.FakeBrowserWindow.instances[0]?.webContents.sent.map(([name]) => name)
    expect(sent).toEqual([IPC_PUSH_CHANNEL, IPC_PUSH_CHANNEL])
  })

  it('tells the desk when the machine resumes from sleep', async () => {
    const { desk } = await start()
    fakeElectron.powerMonitor.emit('resume')
    expect(desk.onResume).toHaveBeenCalledTimes(1)
  })

  it('stops the desk before quitting', async () => {
    const { desk } = await start()
    const event = { preventDefault: vi.fn() }
    fakeElectron.app.emit('before-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalled())
    expect(desk.stop).toHaveBeenCalledTimes(1)
    expect(desk.takeOverQuit).toHaveBeenCalledTimes(1)
  })

  it('lets a ready update take over the quit, only after the desk has stopped', async () => {
    const desk = fakeDesk()
    const order: string[] = []
    desk.stop = vi.fn(async () => void order.push('desk stopped'))
    desk.takeOverQuit = vi.fn(() => {
      order.push('installer runs')
      return true
    })
    await start(desk)
    fakeElectron.app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(desk.takeOverQuit).toHaveBeenCalled())
    expect(order).toEqual(['desk stopped', 'installer runs'])
    // The updater quits the app itself (quitAndInstall); the shell must not quit a second time.
    expect(fakeElectron.app.quit).not.toHaveBeenCalled()
  })

  it('hardens web contents created later, not only the first window', async () => {
    await start()
    const other = new fakeClasses.FakeBrowserWindow({}).webContents
    fakeElectron.app.emit('web-contents-created', {}, other)
    expect(other.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
  })
})
