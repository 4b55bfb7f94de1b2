import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setDeskApiForTests } from './api/desk-api-client'
import { connectPushes } from './connect-pushes'
import { useEntitiesStore } from './features/entities/entities-store'
import { useToastsStore } from './features/notifications/toasts-store'
import { useRunsStore } from './features/sync/runs-store'
import { useTokensStore } from './features/tokens/tokens-store'
import { makeEntity, makeToken } from './testing/demo-data'
import { createFakeDeskApi, type FakeDeskApi } from './testing/fake-desk-api'

const NOW = Date.UTC(2026, 10, 27, 9)
let api: FakeDeskApi
let disconnect: () => void

beforeEach(() => {
  api = createFakeDeskApi({ nowMs: NOW })
  setDeskApiForTests(api)
  disconnect = connectPushes(api)
  useEntitiesStore.setState({ byId: {} })
  useTokensStore.setState({ byId: {} })
  useRunsStore.setState({ byId: {} })
  useToastsStore.setState({ toasts: [], seen: new Set() })
})
afterEach(() => {
  disconnect()
  setDeskApiForTests(null)
})

describe('connectPushes', () => {
  it('routes entity, token and run pushes to their stores', () => {
    const untouched = makeEntity(2, NOW)
    useEntitiesStore.getState().upsert(untouched)
    api.emit('entity:updated', makeEntity(1, NOW, { name: 'Renamed' }))
    api.emit('token:updated', makeToken(1, NOW, { state: 'exchanged' }))
    api.emit('sync:run-updated', {
      runId: 'r1',
      entityId: 'ent-1',
      kind: 'manual',
      direction: 'concur-to-faces',
      state: 'running',
      pagesDone: 0,
      pagesTotal: null,
      profilesDone: 0,
      profilesTotal: null,
      failed: 0,
      counts: { read: 0, written: 0, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
      startedAtMs: NOW,
      finishedAtMs: null,
    })
    expect(useEntitiesStore.getState().byId['ent-1']?.name).toBe('Renamed')
    expect(useEntitiesStore.getState().byId['ent-2']).toBe(untouched)
    expect(useTokensStore.getState().byId['tok-1']?.state).toBe('exchanged')
    expect(useRunsStore.getState().byId.r1?.state).toBe('running')
    api.emit('entity:removed', { entityId: 'ent-1' })
    expect(useEntitiesStore.getState().byId['ent-1']).toBeUndefined()
  })

  it('shows a notify push once as a toast, even when it arrives twice', () => {
    const n = {
      id: 'n1',
      level: 'warning' as const,
      title: 'Window closing',
      body: 'Two tokens pending',
      entityId: null,
      atMs: NOW,
    }
    api.emit('notify', n)
    api.emit('notify', n)
    expect(useToastsStore.getState().toasts.map((t) => t.title)).toEqual(['Window closing'])
  })

  it('stops routing after disconnect', () => {
    disconnect()
    api.emit('entity:updated', makeEntity(3, NOW))
    expect(useEntitiesStore.getState().byId['ent-3']).toBeUndefined()
  })
})

describe('connectPushes and finished runs', () => {
  it('re-reads the entity when one of its runs finishes', async () => {
    api.emit('sync:run-updated', {
      runId: 'r2',
      entityId: 'ent-3',
      kind: 'manual',
      direction: 'concur-to-faces',
      state: 'done',
      pagesDone: 1,
      pagesTotal: 1,
      profilesDone: 4,
      profilesTotal: 4,
      failed: 0,
      counts: { read: 0, written: 0, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
      startedAtMs: NOW,
      finishedAtMs: NOW + 500,
    })
    await Promise.resolve()
    expect(
      api.calls.some(
        (c) => c.channel === 'entities:get' && (c.input as { entityId: string }).entityId === 'ent-3',
      ),
    ).toBe(true)
    await vi.waitFor(() => expect(useEntitiesStore.getState().byId['ent-3']?.id).toBe('ent-3'))
  })
})
