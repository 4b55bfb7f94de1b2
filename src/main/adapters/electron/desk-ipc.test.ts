import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL, REQUEST_CHANNELS } from '../../../shared/channels'
import { ok, type Result } from '../../../shared/result'
import type { Dispatch } from '../../core/ports'
import { createPushBus } from '../../app/push-bus'
import { silentLogger } from '../../logging/logger'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { forwardPushesToWindow, registerDeskIpc } = await import('./desk-ipc')

type Window = InstanceType<typeof fakeClasses.FakeBrowserWindow>

function setUp() {
  const window = new fakeClasses.FakeBrowserWindow({})
  const calls: Array<[unknown, unknown]> = []
  const dispatch: Dispatch = async (channel, input) => {
    calls.push([channel, input])
    return ok({ echoed: channel })
  }
  let current: Window | null = window
  registerDeskIpc({ getWindow: () => current as never, dispatch, log: silentLogger })
  const handler = fakeElectron.ipcMain.handlers.get(IPC_CALL_CHANNEL)
  if (!handler) throw new Error('desk:call was not registered')
  const invoke = (event: unknown, channel: unknown, input: unknown) =>
    handler(event, channel, input) as Promise<Result<unknown>>
  const ownEvent = () => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame })
  return { window, calls, invoke, ownEvent, closeWindow: () => (current = null) }
}

describe('desk IPC', () => {
  beforeEach(() => resetFakeElectron())

  it('registers exactly one IPC handler, desk:call', () => {
    setUp()
    expect([...fakeElectron.ipcMain.handlers.keys()]).toEqual([IPC_CALL_CHANNEL])
  })

  it('routes every request channel from our window to the dispatcher with its input', async () => {
    const { calls, invoke, ownEvent } = setUp()
    for (const channel of REQUEST_CHANNELS) {
      const result = await invoke(ownEvent(), channel, { probe: channel })
      expect(result, channel).toEqual({ ok: true, value: { echoed: channel } })
    }
    expect(calls).toEqual(REQUEST_CHANNELS.map((c) => [c, { probe: c }]))
  })

  it('refuses a call from another web contents without dispatching it', async () => {
    const { calls, invoke } = setUp()
    const foreign = new fakeClasses.FakeBrowserWindow({}).webContents
    const result = await invoke({ sender: foreign, senderFrame: foreign.mainFrame }, 'app:info', {})
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problem.kind).toBe('invalid-input')
    expect(calls).toEqual([])
  })

  it('refuses a call from a subframe of our window', async () => {
    const { calls, invoke, window } = setUp()
    const result = await invoke(
      {
        sender: window.webContents,
        senderFrame: { url: 'app://desk/index.html', parent: window.webContents.mainFrame },
      },
      'app:info',
      {},
    )
    expect(result.ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('refuses a call when our window shows something other than the app origin', async () => {
    const { calls, invoke, window, ownEvent } = setUp()
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://other/index.html',
      'about:blank',
    ]) {
      window.webContents.mainFrame.url = url
      expect((await invoke(ownEvent(), 'app:info', {})).ok, url).toBe(false)
    }
    expect(calls).toEqual([])
  })

  it('refuses calls once the window is gone or destroyed', async () => {
    const { calls, invoke, ownEvent, window, closeWindow } = setUp()
    window.isDestroyedFlag = true
    expect((await invoke(ownEvent(), 'app:info', {})).ok).toBe(false)
    closeWindow()
    expect((await invoke(ownEvent(), 'app:info', {})).ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('hands unknown channel names to the dispatcher, which rejects them', async () => {
    const { calls, invoke, ownEvent } = setUp()
    await invoke(ownEvent(), 'shell:exec', {})
    expect(calls).toEqual([['shell:exec', {}]])
  })

  it('forwards bus pushes to the window as desk:push messages and skips a destroyed window', () => {
    const bus = createPushBus()
    const window = new fakeClasses.FakeBrowserWindow({})
    const stop = forwardPushesToWindow(bus, () => window as never)
    bus.emit('entity:removed', { entityId: 'e1' })
    expect(window.webContents.sent).toEqual([
      [IPC_PUSH_CHANNEL, { channel: 'entity:removed', payload: { entityId: 'e1' } }],
    ])
    window.isDestroyedFlag = true
    bus.emit('entity:removed', { entityId: 'e2' })
    expect(window.webContents.sent).toHaveLength(1)
    window.isDestroyedFlag = false
    stop()
    bus.emit('entity:removed', { entityId: 'e3' })
    expect(window.webContents.sent).toHaveLength(1)
  })
})
