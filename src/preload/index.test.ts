import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL, REQUEST_CHANNELS } from '../shared/channels'
import type { DeskApi } from '../shared/desk-api'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}))
vi.mock('electron', () => electron)

await import('./index')
const exposed = electron.contextBridge.exposeInMainWorld.mock.calls.map((c) => c as [string, DeskApi])
const { createPreloadDeskApi } = await import('./index')

function freshApi() {
  const ipc = { invoke: vi.fn(), on: vi.fn() }
  return { ipc, api: createPreloadDeskApi(ipc) }
}

describe('preload', () => {
  beforeEach(() => vi.clearAllMocks())

  it('exposes exactly one global, `desk`, with call, subscribe and transport', () => {
    expect(exposed).toHaveLength(1)
    const [name, api] = exposed[0] ?? []
    expect(name).toBe('desk')
    expect(Object.keys(api ?? {}).sort()).toEqual(['call', 'subscribe', 'transport'])
    expect(api?.transport).toBe('electron')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('sends every request channel through desk:call and returns the main process result', async () => {
    const { ipc, api } = freshApi()
    ipc.invoke.mockResolvedValue({ ok: true, value: 'v' })
    for (const channel of REQUEST_CHANNELS) {
      expect(await api.call(channel, { x: 1 } as never)).toEqual({ ok: true, value: 'v' })
    }
    expect(ipc.invoke.mock.calls).toEqual(REQUEST_CHANNELS.map((c) => [IPC_CALL_CHANNEL, c, { x: 1 }]))
  })

  it('rejects unknown channels without touching IPC', async () => {
    const { ipc, api } = freshApi()
    for (const channel of ['electron-store-get-data', 'desk:call', 'shell:exec', '', 42, null]) {
      const result = await api.call(channel as never, {} as never)
      expect(result.ok, String(channel)).toBe(false)
      expect(!result.ok && result.problem.kind).toBe('invalid-input')
    }
    expect(ipc.invoke).not.toHaveBeenCalled()
    expect(() => api.subscribe('desk:push' as never, () => {})).toThrow(/Unknown push channel/)
    expect(ipc.on).not.toHaveBeenCalled()
  })

  it('turns a failed invoke into a failure result instead of rejecting', async () => {
    const { ipc, api } = freshApi()
    ipc.invoke.mockRejectedValue(new Error('Error invoking remote method'))
    const result = await api.call('app:info', {})
    expect(result).toMatchObject({ ok: false, problem: { kind: 'bug' } })
  })

  it('delivers pushes by channel, payload only, and stops after unsubscribe', () => {
    const { ipc, api } = freshApi()
    const removed = vi.fn()
    const notified = vi.fn()
    const stop = api.subscribe('entity:removed', removed)
    api.subscribe('notify', notified)
    expect(ipc.on).toHaveBeenCalledTimes(1)
    const [pushName, relay] = ipc.on.mock.calls[0] as [string, (event: unknown, message: unknown) => void]
    expect(pushName).toBe(IPC_PUSH_CHANNEL)
    const event = { sender: 'ipcRenderer', ports: [] }
    relay(event, { channel: 'entity:removed', payload: { entityId: 'e1' } })
    relay(event, { channel: 'not-a-channel', payload: 1 })
    relay(event, 'garbage')
    expect(removed).toHaveBeenCalledTimes(1)
    expect(removed).toHaveBeenCalledWith({ entityId: 'e1' })
    expect(removed.mock.calls[0]).toHaveLength(1)
    expect(notified).not.toHaveBeenCalled()
    stop()
    relay(event, { channel: 'entity:removed', payload: { entityId: 'e2' } })
    expect(removed).toHaveBeenCalledTimes(1)
  })

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, api } = freshApi()
    const second = vi.fn()
    api.subscribe('entity:removed', () => {
      throw new Error('page bug')
    })
    api.subscribe('entity:removed', second)
    const relay = ipc.on.mock.calls[0]?.[1] as (event: unknown, message: unknown) => void
    relay({}, { channel: 'entity:removed', payload: { entityId: 'e1' } })
    expect(second).toHaveBeenCalledTimes(1)
  })
})
