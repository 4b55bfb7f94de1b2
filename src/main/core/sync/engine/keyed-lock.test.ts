import { describe, expect, it } from 'vitest'
import { createKeyedLock, travellerLockKey } from './keyed-lock'

const tick = () => new Promise((r) => setImmediate(r))

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void
  let reject!: (e: Error) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('keyed lock', () => {
  it('runs work of one key in order, one at a time', async () => {
    const lock = createKeyedLock()
    const events: string[] = []
    const first = deferred()
    const a = lock.run('k', async () => {
      events.push('a-start')
      await first.promise
      events.push('a-end')
    })
    const b = lock.run('k', async () => void events.push('b'))
    await tick()
    expect(events).toEqual(['a-start'])
    first.resolve()
    await Promise.all([a, b])
    expect(events).toEqual(['a-start', 'a-end', 'b'])
  })

  it('runs different keys in parallel', async () => {
    const lock = createKeyedLock()
    const hold = deferred()
    const events: string[] = []
    const a = lock.run('a', async () => {
      events.push('a')
      await hold.promise
    })
    await lock.run('b', async () => void events.push('b'))
    expect(events).toEqual(['a', 'b'])
    hold.resolve()
    await a
  })

  it('does not let a failure block the next holder, and forgets idle keys', async () => {
    const lock = createKeyedLock()
    const failing = lock.run('k', async () => {
      throw new Error('boom')
    })
    const next = lock.run('k', async () => 'ran')
    await expect(failing).rejects.toThrow('boom')
    await expect(next).resolves.toBe('ran')
    expect(lock.size).toBe(0)
  })

  it('keys travellers case-insensitively per entity', () => {
    expect(travellerLockKey('e1', 'Ann@Acme.test')).toBe(travellerLockKey('e1', 'ann@acme.test'))
    expect(travellerLockKey('e1', 'ann@acme.test')).not.toBe(travellerLockKey('e2', 'ann@acme.test'))
  })
})
