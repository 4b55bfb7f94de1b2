/**
 * The cross-process locks of a team desk on a real PostgreSQL: the credential lock (two instances,
 * two pools: one refresh of an entity at a time, other entities in parallel, a failing refresh
 * frees it) and the shared owner lock (instances in shared mode open one store together; a solo
 * desk is refused while they run, and they are refused while a solo desk holds it).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { StoreInUseError } from '../../../core/owner-lock'
import { freshLocation, openTestStorage } from '../test-backends.test-helper'
import { createPostgresCredentialLock } from './pg-credential-lock'

const location = freshLocation('postgres')
if (location.kind !== 'postgres') throw new Error('postgres expected')
const one = createPostgresCredentialLock({ url: location.url, schema: location.schema })
const two = createPostgresCredentialLock({ url: location.url, schema: location.schema })
afterAll(async () => {
  await Promise.all([one.close(), two.close()])
})

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the PostgreSQL credential lock', () => {
  it('runs one refresh of an entity at a time across instances', async () => {
    const events: string[] = []
    let inside = 0
    let maxInside = 0
    const refresh = (who: string) => async () => {
      inside++
      maxInside = Math.max(maxInside, inside)
      events.push(`${who}+`)
      await pause(30)
      events.push(`${who}-`)
      inside--
      return who
    }
    const results = await Promise.all([
      one.withLock('e1', refresh('a1')),
      two.withLock('e1', refresh('b1')),
      one.withLock('e1', refresh('a2')),
      two.withLock('e1', refresh('b2')),
    ])
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2'])
    expect(maxInside).toBe(1)
    // Strictly nested: every start is followed by its own end.
    for (let i = 0; i < events.length; i += 2) expect(events[i]!.slice(0, 2)).toBe(events[i + 1]!.slice(0, 2))
  })

  it('lets other entities run at the same time, and frees the lock when a refresh fails', async () => {
    let inside = 0
    let maxInside = 0
    const work = async () => {
      inside++
      maxInside = Math.max(maxInside, inside)
      await pause(30)
      inside--
    }
    await Promise.all([one.withLock('x1', work), two.withLock('x2', work), one.withLock('x3', work)])
    expect(maxInside).toBeGreaterThan(1)
    await expect(
      one.withLock('e9', async () => {
        throw new Error('108 from Concur')
      }),
    ).rejects.toThrow('108 from Concur')
    expect(await two.withLock('e9', async () => 'next')).toBe('next')
  })
})

describe('the shared owner lock', () => {
  it('admits several shared instances, refuses a solo desk beside them, and the other way round', async () => {
    const where = freshLocation('postgres')
    const a = await openTestStorage('postgres', { location: where, instances: 'shared' })
    const b = await openTestStorage('postgres', { location: where, instances: 'shared' })
    await expect(openTestStorage('postgres', { location: where })).rejects.toBeInstanceOf(StoreInUseError)
    await a.storage.close()
    await b.storage.close()
    const solo = await openTestStorage('postgres', { location: where })
    await expect(
      openTestStorage('postgres', { location: where, instances: 'shared' }),
    ).rejects.toBeInstanceOf(StoreInUseError)
    await solo.storage.close()
  })

  it('refuses shared instances on SQLite, saying what to use instead', async () => {
    await expect(openTestStorage('sqlite', { instances: 'shared' })).rejects.toThrow(
      /Several desk instances can share only a PostgreSQL database/,
    )
  })
})
