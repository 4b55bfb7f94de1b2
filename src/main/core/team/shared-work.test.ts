/**
 * SharedWork on an injected manual clock over in-process lease rows shared by two instances:
 * slots, renewal while work runs, the takeover sweep after a freeze (a dead instance), history
 * retired instead of polled, and one feed consumer at a time with a handover.
 */
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { createManualClock } from '../clock'
import { createLocalLeaseStore, type LocalLeaseRows } from './lease-store'
import { createSharedWork, type HeldLease } from './shared-work'

const T0 = Date.UTC(2026, 5, 1, 8, 5, 0)
const OPTIONS = { ttlMs: 60_000, sweepMs: 30_000 }

function twoInstances() {
  const clock = createManualClock(T0)
  const rows: LocalLeaseRows = new Map()
  const make = (id: string) =>
    createSharedWork({
      leases: createLocalLeaseStore(id, () => clock.nowMs(), rows),
      clock,
      log: silentLogger,
      options: OPTIONS,
    })
  return { clock, rows, a: make('a'), b: make('b') }
}

describe('shared work', () => {
  it('names slots by their scheduled instant (:05, :20, :35, :50)', () => {
    const { a } = twoInstances()
    expect(new Date(a.slotOf(Date.UTC(2026, 5, 1, 8, 5, 0))).toISOString()).toBe('2026-06-01T08:05:00.000Z')
    expect(new Date(a.slotOf(Date.UTC(2026, 5, 1, 8, 19, 59))).toISOString()).toBe('2026-06-01T08:05:00.000Z')
    expect(new Date(a.slotOf(Date.UTC(2026, 5, 1, 8, 20, 0))).toISOString()).toBe('2026-06-01T08:20:00.000Z')
    expect(new Date(a.slotOf(Date.UTC(2026, 5, 1, 8, 4, 0))).toISOString()).toBe('2026-06-01T07:50:00.000Z')
  })

  it('one claim per (entity, slot); renewal keeps it past the ttl while the work runs', async () => {
    const { clock, a, b } = twoInstances()
    const lease = await a.claimPoll('e1')
    expect(lease).not.toBeNull()
    expect(await b.claimPoll('e1')).toBeNull()
    await clock.advance(5 * 60_000)
    expect(lease!.signal.aborted).toBe(false)
    expect(await b.claimPoll('e1')).toBeNull()
    await lease!.finish()
    await clock.advance(5 * 60_000)
    expect(await b.claimPoll('e1')).toBeNull()
    // The next slot is a new claim.
    await clock.advance(6 * 60_000)
    expect(await b.claimPoll('e1')).not.toBeNull()
  })

  it('a manual poll and a slot poll of one entity never run at once on two instances', async () => {
    const { clock, a, b } = twoInstances()
    const manual = await a.claimManual('e1')
    expect(manual).not.toBeNull()
    // b may not poll the slot while a syncs the entity: the slot is a's poll's, marked done.
    expect(await b.claimPoll('e1')).toBeNull()
    expect(await b.claimManual('e1')).toBeNull()
    await manual!.finish()
    // Freed, never done: the next manual sync claims it again, and so does the next slot.
    const again = await b.claimManual('e1')
    expect(again).not.toBeNull()
    await again!.finish()
    await clock.advance(15 * 60_000)
    const slot = await b.claimPoll('e1')
    expect(slot).not.toBeNull()
    expect(await a.claimManual('e1')).toBeNull()
    await slot!.finish()
    expect(await a.claimManual('e1')).not.toBeNull()
  })

  it("the survivor takes a frozen (dead) instance's claim over within ttl + sweep, and only then", async () => {
    const { clock, a, b } = twoInstances()
    const stop = new AbortController()
    const taken: Array<{ entityId: string; lease: HeldLease; atMs: number }> = []
    const stopped: string[] = []
    void b.runTakeovers(
      stop.signal,
      (entityId, lease) => taken.push({ entityId, lease, atMs: clock.nowMs() }),
      async (id) => void stopped.push(id),
    )
    expect(await a.claimPoll('e1')).not.toBeNull()
    expect(await a.claimPoll('e2')).not.toBeNull()
    a.freeze()
    await clock.advance(59_000)
    expect(taken).toEqual([])
    await clock.advance(31_000)
    expect(taken.map((t) => t.entityId).sort()).toEqual(['e1', 'e2'])
    // Reported once (its runs are closed once), however many of its claims were taken over.
    expect(stopped).toEqual(['a'])
    await clock.advance(60_000)
    expect(stopped).toEqual(['a'])
    expect(taken[0]!.lease.grant.takenOverFrom).toBe('a')
    expect(taken[0]!.atMs - T0).toBeLessThanOrEqual(OPTIONS.ttlMs + OPTIONS.sweepMs)
    stop.abort()
  })

  it('a dead claim older than one interval before the current slot is retired, not polled', async () => {
    const { clock, rows, a, b } = twoInstances()
    expect(await a.claimPoll('e1')).not.toBeNull()
    a.freeze()
    const stop = new AbortController()
    const taken: string[] = []
    clock.set(T0 + 40 * 60_000)
    void b.runTakeovers(stop.signal, (entityId) => taken.push(entityId))
    await clock.advance(30_000)
    expect(taken).toEqual([])
    const states = (prefix: string) =>
      [...rows.values()].filter((r) => r.name.startsWith(prefix)).map((r) => r.state)
    expect(states('poll:')).toEqual(['done'])
    // The dead instance's claim on the entity just expires: the next poll claims it over.
    expect(states('busy:')).toEqual(['held'])
    expect(await b.claimManual('e1')).not.toBeNull()
    stop.abort()
  })

  it('one feed consumer at a time; the other takes over when it stops or dies', async () => {
    const { clock, a, b } = twoInstances()
    const running: string[] = []
    const stopA = new AbortController()
    const stopB = new AbortController()
    const consume = (who: string) => async (signal: AbortSignal) => {
      running.push(`${who}+`)
      await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }))
      running.push(`${who}-`)
    }
    void a.whileFeedConsumer(stopA.signal, consume('a'))
    await clock.advance(1)
    void b.whileFeedConsumer(stopB.signal, consume('b'))
    await clock.advance(5 * 60_000)
    expect(running).toEqual(['a+'])
    // A dies: nothing is released; B claims the feed once A's lease expired.
    a.freeze()
    await clock.advance(60_000 + 30_000 + 20_000)
    expect(running).toEqual(['a+', 'b+'])
    stopA.abort()
    stopB.abort()
    await clock.advance(1)
    expect(running.slice(-1)).toEqual(['b-'])
  })
})
