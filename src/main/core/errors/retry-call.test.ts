import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import type { Clock } from '../ports'
import { DeskError } from './desk-error'
import { backoffMs, retryCall, waitBeforeRetry, type RetryPolicy } from './retry-call'

/** A clock whose waits resolve at once and are recorded (so a test sees every backoff without sleeping). */
function recordingClock(): Clock & { waits: number[] } {
  const manual = createManualClock(0)
  const waits: number[] = []
  return {
    waits,
    nowMs: manual.nowMs,
    wait: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
      waits.push(ms)
      manual.set(manual.nowMs() + ms)
      return Promise.resolve()
    },
  }
}

const POLICY: RetryPolicy = { maxAttempts: 4, baseMs: 1_000, maxMs: 8_000, random: () => 1 }
const cancelled = (cause: unknown) => new DeskError('cancelled', 'cancelled', { cause })
const transient = () => new DeskError('remote-failed', 'HTTP 500', { retryable: true })

/** An attempt function that throws the given errors in turn, then returns 'ok'. */
function failing(...errors: Error[]): { attempt: () => Promise<string>; calls: () => number } {
  let n = 0
  return {
    attempt: async () => {
      const err = errors[n++]
      if (err !== undefined) throw err
      return 'ok'
    },
    calls: () => n,
  }
}

describe('retryCall', () => {
  it('retries a retryable failure with doubling backoff on the injected clock', async () => {
    const clock = recordingClock()
    const f = failing(transient(), transient(), transient())
    await expect(retryCall(f.attempt, POLICY, { clock, cancelled })).resolves.toBe('ok')
    expect(f.calls()).toBe(4)
    expect(clock.waits).toEqual([1_000, 2_000, 4_000])
  })

  it('gives up after maxAttempts with the last error', async () => {
    const clock = recordingClock()
    const last = transient()
    const f = failing(transient(), transient(), transient(), last)
    await expect(retryCall(f.attempt, POLICY, { clock, cancelled })).rejects.toBe(last)
    expect(f.calls()).toBe(4)
  })

  it('surfaces a failure classified as not retryable at once', async () => {
    const clock = recordingClock()
    const rejected = new DeskError('token-rejected', 'Concur rejected the token.')
    const f = failing(rejected)
    await expect(retryCall(f.attempt, POLICY, { clock, cancelled })).rejects.toBe(rejected)
    expect(f.calls()).toBe(1)
    expect(clock.waits).toEqual([])
  })

  it('never retries a bug (a TypeError or any unclassified error)', async () => {
    const clock = recordingClock()
    const f = failing(new TypeError('x is undefined'))
    await expect(retryCall(f.attempt, POLICY, { clock, cancelled })).rejects.toThrow(TypeError)
    const g = failing(Object.assign(new Error('duck'), { kind: 'offline', retryable: true }))
    await expect(retryCall(g.attempt, POLICY, { clock, cancelled })).rejects.toThrow('duck')
    expect(f.calls() + g.calls()).toBe(2)
  })

  it('honours Retry-After, and leaves one longer than a call waits to the caller', async () => {
    const clock = recordingClock()
    const busy = new DeskError('remote-failed', '503', { retryable: true, retryAfterMs: 5_000 })
    const f = failing(busy)
    await retryCall(f.attempt, POLICY, { clock, cancelled })
    expect(clock.waits).toEqual([5_000])
    const maintenance = new DeskError('remote-failed', 'maintenance', {
      retryable: true,
      retryAfterMs: 3_600_000,
    })
    const g = failing(maintenance)
    await expect(retryCall(g.attempt, POLICY, { clock, cancelled })).rejects.toBe(maintenance)
    expect(g.calls()).toBe(1)
  })

  it('gives 429s their own budget, so a rate limit does not use up the transient attempts', async () => {
    const clock = recordingClock()
    const limited = () => new DeskError('rate-limited', '429', { retryable: true, retryAfterMs: 1_000 })
    const f = failing(limited(), limited(), limited(), limited(), limited(), transient(), transient())
    await expect(retryCall(f.attempt, POLICY, { clock, cancelled })).resolves.toBe('ok')
    expect(f.calls()).toBe(8)
    const g = failing(...Array.from({ length: 20 }, limited))
    await expect(
      retryCall(g.attempt, { ...POLICY, maxRateLimitedAttempts: 3 }, { clock, cancelled }),
    ).rejects.toMatchObject({ kind: 'rate-limited' })
    expect(g.calls()).toBe(3)
  })

  it('lets the caller veto a retry (a Create that may have been applied)', async () => {
    const clock = recordingClock()
    const f = failing(transient())
    await expect(
      retryCall(f.attempt, POLICY, { clock, cancelled, mayRetry: (e) => e.kind === 'rate-limited' }),
    ).rejects.toMatchObject({ kind: 'remote-failed' })
    expect(f.calls()).toBe(1)
  })

  it('stops waiting when the signal aborts, with the caller’s cancelled error', async () => {
    const clock = createManualClock(0)
    const controller = new AbortController()
    const f = failing(transient())
    const run = retryCall(f.attempt, POLICY, { clock, cancelled, signal: controller.signal })
    await Promise.resolve()
    await new Promise((r) => setImmediate(r))
    controller.abort()
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' })
    expect(f.calls()).toBe(1)
  })

  it('makes one attempt only when maxAttempts is 1, even for a 429', async () => {
    const clock = recordingClock()
    const f = failing(new DeskError('rate-limited', '429', { retryable: true }))
    await expect(retryCall(f.attempt, { ...POLICY, maxAttempts: 1 }, { clock, cancelled })).rejects.toThrow(
      '429',
    )
    expect(f.calls()).toBe(1)
  })

  it('reports each retry with its attempt number and wait', async () => {
    const clock = recordingClock()
    const seen: Array<[number, number]> = []
    const f = failing(transient(), transient())
    await retryCall(f.attempt, POLICY, { clock, cancelled, onRetry: (_e, n, ms) => void seen.push([n, ms]) })
    expect(seen).toEqual([
      [1, 1_000],
      [2, 2_000],
    ])
  })
})

describe('backoff', () => {
  it('doubles from baseMs up to maxMs, scaled by the jitter into [50 %, 100 %]', () => {
    const p = { baseMs: 500, maxMs: 4_000 }
    expect([1, 2, 3, 4, 5, 40].map((n) => backoffMs(n, { ...p, random: () => 1 }))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000, 4_000,
    ])
    expect(backoffMs(2, { ...p, random: () => 0 })).toBe(500)
  })

  it('uses a Retry-After of 0 as no instruction (backoff instead)', () => {
    const err = new DeskError('rate-limited', '429', { retryable: true, retryAfterMs: 0 })
    expect(waitBeforeRetry(err, 1, { ...POLICY, random: () => 1 })).toBe(1_000)
  })
})
