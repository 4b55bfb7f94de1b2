import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../clock'
import { isDeskError } from '../../errors/desk-error'
import { createRunRegistry } from './run-registry'

function setup(maxKept?: number) {
  const clock = createManualClock(Date.UTC(2026, 5, 1, 8, 0, 0))
  const pushes: Array<{ state: string; profilesDone: number }> = []
  const registry = createRunRegistry({
    clock,
    bus: { emit: (_c, p) => void pushes.push(p as never) },
    progressEveryMs: 250,
    ...(maxKept === undefined ? {} : { maxKept }),
  })
  return { clock, pushes, registry }
}

describe('run registry', () => {
  it('creates queued runs with unique ids', () => {
    const { registry } = setup()
    const a = registry.create('e1', 'manual', 'concur-to-faces')
    const b = registry.create('e1', 'manual', 'concur-to-faces')
    expect(a.view).toMatchObject({ state: 'queued', entityId: 'e1', finishedAtMs: null })
    expect(a.view.runId).not.toBe(b.view.runId)
  })

  it('throttles progress pushes, but always pushes a forced one and the finish', async () => {
    const { clock, pushes, registry } = setup()
    const run = registry.create('e1', 'scheduled', 'concur-to-faces')
    registry.emit(run, true)
    run.view.profilesDone = 1
    registry.emit(run)
    await clock.advance(100)
    registry.emit(run)
    await clock.advance(200)
    run.view.profilesDone = 2
    registry.emit(run)
    registry.finish(run, 'done')
    expect(pushes.map((p) => [p.state, p.profilesDone])).toEqual([
      ['queued', 0],
      ['queued', 2],
      ['done', 2],
    ])
    expect(run.view.finishedAtMs).toBe(clock.nowMs())
  })

  it('forgets finished runs beyond the newest ones it keeps, never an unfinished one', () => {
    const { registry } = setup(3)
    const open = registry.create('e1', 'manual', 'concur-to-faces')
    for (let i = 0; i < 5; i++) registry.finish(registry.create('e2', 'manual', 'concur-to-faces'), 'done')
    const ids = registry.list().map((v) => v.runId)
    expect(ids).toHaveLength(3)
    expect(ids).toContain(open.view.runId)
  })

  it('lists newest first and per entity, as copies', async () => {
    const { clock, registry } = setup()
    registry.create('e1', 'manual', 'concur-to-faces')
    await clock.advance(10)
    const later = registry.create('e2', 'manual', 'faces-to-concur')
    expect(registry.list()[0]!.runId).toBe(later.view.runId)
    expect(registry.list('e2').map((v) => v.runId)).toEqual([later.view.runId])
    registry.list('e2')[0]!.state = 'failed'
    expect(later.view.state).toBe('queued')
  })

  it('tracks the active poll per entity and clears it only for the same run', () => {
    const { registry } = setup()
    const a = registry.create('e1', 'manual', 'concur-to-faces')
    const b = registry.create('e1', 'manual', 'concur-to-faces')
    registry.setActive('e1', a)
    registry.clearActive('e1', b)
    expect(registry.activeFor('e1')).toBe(a)
    registry.clearActive('e1', a)
    expect(registry.active()).toEqual([])
  })

  it('cancels an unfinished run and refuses an unknown one with not-found', () => {
    const { registry } = setup()
    const run = registry.create('e1', 'manual', 'concur-to-faces')
    registry.cancel(run.view.runId)
    expect(run.controller.signal.aborted).toBe(true)
    const done = registry.create('e1', 'manual', 'concur-to-faces')
    registry.finish(done, 'done')
    registry.cancel(done.view.runId)
    expect(done.controller.signal.aborted).toBe(false)
    let thrown: unknown
    try {
      registry.cancel('run-unknown')
    } catch (err) {
      thrown = err
    }
    expect(isDeskError(thrown, 'not-found')).toBe(true)
  })
})
