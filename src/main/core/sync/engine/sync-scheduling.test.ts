import { describe, expect, it } from 'vitest'
import type { SyncRunView } from '../../../../shared/model'
import type { SourceEntity } from '../../entities/entity-source'
import { createTestContext, ENTITY, START_MS } from './engine-fakes.test-helper'
import type { EntityPolls } from './entity-poll'
import { createSyncScheduling, isOverdue } from './sync-scheduling'

function recordingPolls(): EntityPolls & { started: Array<[string, string]> } {
  const started: Array<[string, string]> = []
  return {
    started,
    start: async (e: SourceEntity, kind: SyncRunView['kind']) => {
      started.push([e.id, kind])
      return { runId: `r${started.length}` } as SyncRunView
    },
    startWhenClaimed: (e: SourceEntity, kind: string) => void started.push([e.id, `claimed ${kind}`]),
    pending: () => [],
  }
}

describe('sync scheduling', () => {
  it('calls an entity overdue without a success within one interval', () => {
    expect(isOverdue({ lastSuccessMs: null }, 1_000, 900)).toBe(true)
    expect(isOverdue({ lastSuccessMs: 100 }, 1_000, 900)).toBe(false)
    expect(isOverdue({ lastSuccessMs: 99 }, 1_000, 900)).toBe(true)
  })

  it('polls every active entity on a tick, and only overdue ones on catch-up', async () => {
    const t = await createTestContext({ options: { intervalMs: 900_000 } })
    const off = { ...ENTITY, id: 'e2', pollingActive: false }
    t.ctx.deps.entities.listActive = async () => [ENTITY, off]
    Object.assign(t.ctx, { entities: { ...t.ctx.entities, refresh: async () => [ENTITY, off] } })
    const polls = recordingPolls()
    let running = true
    const s = createSyncScheduling(t.ctx, polls, () => running)
    await s.pollAll('scheduled')
    expect(polls.started).toEqual([['e1', 'scheduled']])
    ;(await t.ctx.loadState(ENTITY.id)).lastSuccessMs = START_MS - 60_000
    await s.catchUp('missed')
    expect(polls.started).toHaveLength(1)
    ;(await t.ctx.loadState(ENTITY.id)).lastSuccessMs = START_MS - 901_000
    await s.catchUp('resume')
    expect(polls.started.at(-1)).toEqual(['e1', 'catch-up'])
    running = false
    await s.catchUp('resume')
    expect(polls.started).toHaveLength(2)
  })

  it('tracks decisions in flight and logs a failing one', async () => {
    const t = await createTestContext()
    const s = createSyncScheduling(t.ctx, recordingPolls(), () => true)
    let release!: () => void
    s.decide(() => new Promise<void>((r) => (release = r)), 'tick failed')
    s.decide(() => Promise.reject(new Error('boom')), 'catch-up failed')
    expect(s.deciding).toBe(2)
    release()
    await s.settled()
    expect(s.deciding).toBe(0)
    expect(t.ctx.log.child('x')).toBeTruthy()
    expect(
      (t.ctx.log as unknown as { lines: string[] }).lines.some((l) => l.includes('catch-up failed')),
    ).toBe(true)
  })
})
