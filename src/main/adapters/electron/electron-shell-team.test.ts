/**
 * The shell around the team-link desk (mocked electron): started with an active link it builds
 * no local desk, answers the team channels over IPC and relays nothing unsigned; disconnecting
 * builds the local desk and the window hears team:changed.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../../../shared/channels'
import { ok, type Result } from '../../../shared/result'
import { createPushBus } from '../../app/push-bus'
import { createMemoryLogger } from '../../logging/logger'
import { startTeamLinkDesk, type LocalDesk } from '../team-client/team-link-desk'
import { createMemoryTeamLinkStore } from '../team-client/team-link-store'
import { shellDeps } from './shell-deps.test-helper'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { startElectronShell } = await import('./electron-shell')

const certificate = {
  fingerprint256: Array.from({ length: 32 }, () => 'AB').join(':'),
  subject: 'CN=desk.umbrella.local',
  issuer: 'CN=desk.umbrella.local',
  names: ['desk.umbrella.local'],
  validFromMs: 0,
  validToMs: Date.UTC(2030, 0, 1),
}

function localDesk(): LocalDesk & { dispatch: ReturnType<typeof vi.fn> } {
  return {
    dispatch: vi.fn(async (channel: unknown) =>
      channel === 'entities:list' ? ok([]) : ok({ local: channel }),
    ),
    bus: createPushBus(),
    info: () => ({ businessTimeZone: 'Europe/Zurich' }),
    onResume: vi.fn(),
    takeOverQuit: () => false,
    stop: vi.fn(async () => {}),
  }
}

async function start() {
  const locals: ReturnType<typeof localDesk>[] = []
  const links = createMemoryTeamLinkStore({
    url: 'https://desk.umbrella.local:8443',
    certificate,
    active: true,
  })
  await startElectronShell(
    shellDeps(() =>
      startTeamLinkDesk({
        startLocal: async () => {
          const d = localDesk()
          locals.push(d)
          return d
        },
        store: links,
        bus: createPushBus(),
        log: createMemoryLogger(),
        fallbackTimeZone: () => 'Europe/Zurich',
        version: '1.2.3',
      }),
    ),
  )
  const window = fakeClasses.FakeBrowserWindow.instances[0]!
  const handler = fakeElectron.ipcMain.handlers.get(IPC_CALL_CHANNEL)!
  const call = (channel: string, input: unknown = {}) =>
    handler(
      { sender: window.webContents, senderFrame: window.webContents.mainFrame },
      channel,
      input,
    ) as Promise<Result<unknown>>
  return { locals, links, window, call }
}

describe('electron shell as a team desk client', () => {
  beforeEach(() => resetFakeElectron())

  it('builds no local desk, answers team:status over IPC, and refuses relayed calls until signed in', async () => {
    const { locals, call } = await start()
    expect(locals).toHaveLength(0)
    expect(await call('team:status')).toMatchObject({
      ok: true,
      value: { mode: 'client', state: 'signed-out', host: 'desk.umbrella.local:8443' },
    })
    expect(await call('entities:list')).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(await call('team:connect', { url: 'http://desk.umbrella.local' })).toMatchObject({
      ok: false,
      problem: { kind: 'invalid-input' },
    })
  })

  it('disconnects to solo: the local desk starts, the window hears team:changed, calls go local', async () => {
    const { locals, links, window, call } = await start()
    expect(await call('team:disconnect')).toEqual({ ok: true, value: { mode: 'solo' } })
    expect(locals).toHaveLength(1)
    expect(links.read()).toMatchObject({ active: false })
    const pushes = window.webContents.sent.filter(([name]) => name === IPC_PUSH_CHANNEL).map(([, m]) => m)
    expect(pushes).toContainEqual({ channel: 'team:changed', payload: { mode: 'solo' } })
    expect(await call('app:info')).toEqual({ ok: true, value: { local: 'app:info' } })
    // The local desk's pushes reach the window through the team-link desk's bus.
    locals[0]!.bus.emit('settings:changed', { environment: 'sandbox' } as never)
    expect(window.webContents.sent.at(-1)?.[1]).toMatchObject({ channel: 'settings:changed' })
  })
})
