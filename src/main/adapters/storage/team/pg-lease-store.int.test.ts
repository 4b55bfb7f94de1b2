/**
 * The lease SQL on a real PostgreSQL, and the in-process store of a solo desk held to the same
 * contract: one claimant wins a race, a held claim is taken over only after it expired, a done one
 * never again, renewals and completions only by the holder, abandoned claims listed and retired,
 * history pruned. Two instances are two lease stores over two pools on one schema.
 */
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalLeaseStore, type LeaseStore } from '../../../core/team/lease-store'
import type { DeskSchema } from '../db/desk-schema'
import type { OpenedDeskStorage } from '../open-desk-storage'
import { freshLocation, openTestStorage } from '../test-backends.test-helper'
import { createPostgresLeaseStore } from './pg-lease-store'

type Pair = { a: LeaseStore; b: LeaseStore; setNow(ms: number): void }

const opened: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((o) => o.storage.close()))
})

async function postgresPair(): Promise<Pair> {
  let now = 1_000_000
  const location = freshLocation('postgres')
  const one = await openTestStorage('postgres', { location, instances: 'shared' })
  const two = await openTestStorage('postgres', { location, instances: 'shared' })
  opened.push(one, two)
  const db = (o: OpenedDeskStorage): Kysely<DeskSchema> => o.db
  return {
    a: createPostgresLeaseStore(db(one), 'inst-a', () => now),
    b: createPostgresLeaseStore(db(two), 'inst-b', () => now),
    setNow: (ms) => void (now = ms),
  }
}

describe('the lease store on PostgreSQL (two instances, two pools, one schema)', () => {
  let p: Pair
  beforeAll(async () => {
    p = await postgresPair()
  })

  it('one of two racing claims wins; the other gets null', async () => {
    const [x, y] = await Promise.all([p.a.claim('poll:e1', 900, 60_000), p.b.claim('poll:e1', 900, 60_000)])
    expect([x, y].filter(Boolean)).toHaveLength(1)
    expect((x ?? y)!.takenOverFrom).toBeNull()
  })

  it('100 racing claims of 20 (entity, slot) pairs: exactly one winner each', async () => {
    const claims = await Promise.all(
      [...Array(100)].map((_, i) => (i % 2 ? p.a : p.b).claim(`poll:r${i % 20}`, 1800, 60_000)),
    )
    expect(claims.filter(Boolean)).toHaveLength(20)
    expect(new Set(claims.filter(Boolean).map((c) => c!.name)).size).toBe(20)
  })

  it('a held claim is taken over only after it expired, and says from whom', async () => {
    p.setNow(2_000_000)
    expect(await p.a.claim('poll:e2', 2700, 60_000)).not.toBeNull()
    p.setNow(2_059_999)
    expect(await p.b.claim('poll:e2', 2700, 60_000)).toBeNull()
    expect(await p.b.abandoned('poll:e2', 10)).toEqual([])
    p.setNow(2_060_000)
    expect(await p.b.abandoned('poll:e2', 10)).toEqual([
      { name: 'poll:e2', slotMs: 2700, holder: 'inst-a', expiredAtMs: 2_060_000 },
    ])
    expect(await p.b.claim('poll:e2', 2700, 60_000)).toEqual({
      name: 'poll:e2',
      slotMs: 2700,
      takenOverFrom: 'inst-a',
    })
    // The old holder lost it: no renewal, no completion.
    expect(await p.a.renew('poll:e2', 2700, 60_000)).toBe(false)
    expect(await p.a.complete('poll:e2', 2700)).toBe(false)
    expect(await p.b.complete('poll:e2', 2700)).toBe(true)
  })

  it('a done claim is never claimed again, even long after its expiry', async () => {
    p.setNow(3_000_000)
    await p.a.claim('poll:e3', 3600, 1_000)
    expect(await p.a.complete('poll:e3', 3600)).toBe(true)
    p.setNow(9_000_000)
    expect(await p.b.claim('poll:e3', 3600, 1_000)).toBeNull()
    expect(await p.a.claim('poll:e3', 3600, 1_000)).toBeNull()
    expect((await p.b.abandoned('poll:e3', 10)).length).toBe(0)
  })

  it('renewal keeps a claim past its first expiry; release frees it at once', async () => {
    p.setNow(4_000_000)
    await p.a.claim('faces-feed', 0, 60_000)
    p.setNow(4_050_000)
    expect(await p.a.renew('faces-feed', 0, 60_000)).toBe(true)
    p.setNow(4_100_000)
    expect(await p.b.claim('faces-feed', 0, 60_000)).toBeNull()
    await p.b.release('faces-feed', 0) // not B's: nothing happens
    expect(await p.b.claim('faces-feed', 0, 60_000)).toBeNull()
    await p.a.release('faces-feed', 0)
    expect(await p.b.claim('faces-feed', 0, 60_000)).not.toBeNull()
  })

  it('retire closes an abandoned claim without taking it; prune forgets old history only', async () => {
    p.setNow(5_000_000)
    await p.a.claim('poll:e5', 4500, 1_000)
    await p.a.claim('poll:e6', 4500, 1_000)
    await p.a.complete('poll:e6', 4500)
    await p.a.claim('poll:e7', 9_000_000, 1_000)
    p.setNow(5_002_000)
    await p.b.retire('poll:e5', 4500)
    expect(await p.b.claim('poll:e5', 4500, 1_000)).toBeNull()
    const gone = await p.b.prune(5_000)
    expect(gone).toBeGreaterThanOrEqual(2)
    // The live claim of a later slot stays.
    expect((await p.b.abandoned('poll:e7', 10)).map((x) => x.slotMs)).toEqual([9_000_000])
  })

  it('a prefix with LIKE wildcards matches literally', async () => {
    p.setNow(6_000_000)
    await p.a.claim('poll:a_b%', 5400, 1)
    await p.a.claim('poll:aXbY', 5400, 1)
    p.setNow(6_000_010)
    expect((await p.b.abandoned('poll:a_b%', 10)).map((x) => x.name)).toEqual(['poll:a_b%'])
  })
})

describe('the in-process lease store (solo desk)', () => {
  it('keeps the same rules: expiry takeover, done final, holder-only renewal', async () => {
    let now = 1_000_000
    const p = { a: createLocalLeaseStore('inst-a', () => now), setNow: (ms: number) => void (now = ms) }
    expect(await p.a.claim('poll:e1', 900, 60_000)).toEqual({
      name: 'poll:e1',
      slotMs: 900,
      takenOverFrom: null,
    })
    expect(await p.a.claim('poll:e1', 900, 60_000)).toBeNull()
    p.setNow(1_060_000)
    expect((await p.a.abandoned('poll:', 5)).map((x) => x.name)).toEqual(['poll:e1'])
    expect(await p.a.claim('poll:e1', 900, 60_000)).toEqual({
      name: 'poll:e1',
      slotMs: 900,
      takenOverFrom: 'inst-a',
    })
    expect(await p.a.complete('poll:e1', 900)).toBe(true)
    p.setNow(9_000_000)
    expect(await p.a.claim('poll:e1', 900, 60_000)).toBeNull()
    expect(await p.a.renew('poll:e1', 900, 1)).toBe(false)
    expect(await p.a.prune(1_000)).toBe(1)
  })
})
