/**
 * Updates through the composed desk's contract: service mode says updates come with the desktop
 * app; with an updater plugged in (as the Electron shell does) its statuses become pushes, the
 * UI's calls reach it, and quitting hands over to it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PushMessage } from '../../src/shared/contract'
import type { SyncRunView, UpdateStatus } from '../../src/shared/model'
import { createDesk, type Desk } from '../../src/main/app/desk'
import { SERVICE_MODE_UPDATES_MESSAGE, type DeskUpdater } from '../../src/main/core/updates/desk-updater'
import { createMemorySecretStore } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from '../../src/main/adapters/storage/conf-settings-store'
import { createMemoryLogger } from '../../src/main/logging/logger'

const ready: UpdateStatus = {
  state: 'ready',
  currentVersion: '0.1.0',
  availableVersion: '0.2.0',
  downloadPercent: null,
  lastCheckedAtMs: 1,
  message: 'Version 0.2.0 is downloaded and verified.',
  syncsRunning: 0,
}

let running: Desk | null = null
async function stopDesk(): Promise<void> {
  await running?.stop()
  running = null
}
afterEach(stopDesk)

async function start(updater?: DeskUpdater): Promise<{ desk: Desk; pushes: PushMessage[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-updates-'))
  const desk = await createDesk({
    transport: updater ? 'electron' : 'service',
    dataDir,
    settings: createConfSettingsStore(dataDir),
    secrets: createMemorySecretStore('test'),
    log: createMemoryLogger(),
    version: '0.1.0',
    ...(updater ? { updater: () => updater } : {}),
  })
  running = desk
  const pushes: PushMessage[] = []
  desk.bus.subscribe((m) => pushes.push(m))
  return { desk, pushes }
}

describe('updates through the desk', () => {
  it('in service mode, says updates come with the desktop app and installs nothing', async () => {
    const { desk } = await start()
    const status = await desk.dispatch('updates:status', {})
    expect(status).toEqual({
      ok: true,
      value: expect.objectContaining({
        state: 'unsupported',
        currentVersion: '0.1.0',
        message: SERVICE_MODE_UPDATES_MESSAGE,
      }),
    })
    expect((await desk.dispatch('updates:check', {})).ok).toBe(true)
    expect(await desk.dispatch('updates:install', {})).toEqual({
      ok: false,
      problem: { kind: 'conflict', message: SERVICE_MODE_UPDATES_MESSAGE },
    })
    expect(desk.takeOverQuit()).toBe(false)
    expect((await desk.dispatch('updates:status', { extra: 1 })).ok).toBe(false)
  })

  it('routes calls to the updater, pushes its statuses, and lets it take over the quit', async () => {
    let emit: (s: UpdateStatus) => void = () => {}
    const updater: DeskUpdater = {
      status: vi.fn(() => ready),
      start: vi.fn(),
      check: vi.fn(async () => ready),
      install: vi.fn(async () => ({ ...ready, state: 'installing' as const })),
      takeOverQuit: vi.fn(() => true),
      subscribe: (listener) => {
        emit = listener
        return () => {}
      },
      stop: vi.fn(),
    }
    const { desk, pushes } = await start(updater)
    expect(updater.start).toHaveBeenCalledTimes(1)
    expect(await desk.dispatch('updates:check', {})).toEqual({ ok: true, value: ready })
    expect(updater.check).toHaveBeenCalledWith('user')
    expect(await desk.dispatch('updates:install', {})).toMatchObject({
      ok: true,
      value: { state: 'installing' },
    })

    emit({ ...ready, state: 'downloading', downloadPercent: 40 })
    expect(pushes.filter((m) => m.channel === 'updates:changed').map((m) => m.payload)).toEqual([
      expect.objectContaining({ state: 'downloading', downloadPercent: 40 }),
    ])
    // While an update waits, each run change re-sends the status (its running-sync count).
    // (Only the channel matters to the desk here; the run's fields are not read.)
    desk.bus.emit('sync:run-updated', { runId: 'r', entityId: 'e', state: 'running' } as SyncRunView)
    expect(pushes.filter((m) => m.channel === 'updates:changed')).toHaveLength(2)

    expect(desk.takeOverQuit()).toBe(true)
    await stopDesk()
    expect(updater.stop).toHaveBeenCalledTimes(1)
  })
})
