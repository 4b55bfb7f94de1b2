import type { Clock } from './ports'

/** The real clock: Date.now and timers. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  wait: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError())
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.max(0, ms),
      )
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(abortError())
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** The error `Clock.wait` rejects with when aborted. */
export function abortError(): Error {
  const e = new Error('The operation was aborted')
  e.name = 'AbortError'
  return e
}

/** A manually advanced clock for tests and simulators: `advance(ms)` fires due waits in order. */
export function createManualClock(
  startMs: number,
): Clock & { advance(ms: number): Promise<void>; set(ms: number): void } {
  let now = startMs
  type Waiter = { dueMs: number; resolve: () => void }
  let waiters: Waiter[] = []
  return {
    nowMs: () => now,
    wait(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError())
        const w: Waiter = { dueMs: now + Math.max(0, ms), resolve }
        waiters.push(w)
        signal?.addEventListener(
          'abort',
          () => {
            waiters = waiters.filter((x) => x !== w)
            reject(abortError())
          },
          { once: true },
        )
      })
    },
    set(ms) {
      now = ms
    },
    async advance(ms) {
      const target = now + ms
      for (;;) {
        const due = waiters.filter((w) => w.dueMs <= target).sort((a, b) => a.dueMs - b.dueMs)[0]
        if (!due) break
        waiters = waiters.filter((w) => w !== due)
        now = Math.max(now, due.dueMs)
        due.resolve()
        await new Promise<void>((r) => setImmediate(r))
      }
      now = target
    },
  }
}

/**
 * A clock that reads `startMs` when created and then advances with `base` (real time by default),
 * so a rehearsal runs at a chosen wall-clock instant; waits are `base`'s.
 */
export function createShiftedClock(startMs: number, base: Clock = systemClock): Clock {
  const offsetMs = startMs - base.nowMs()
  return { nowMs: () => base.nowMs() + offsetMs, wait: (ms, signal) => base.wait(ms, signal) }
}
