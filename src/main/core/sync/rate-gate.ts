/**
 * Bounded concurrency, globally and per data centre, with a shared pause: when one request to a
 * data centre gets 429, every request to that data centre waits, so the desk slows down as a
 * whole instead of hammering the limit from 30 parallel slots.
 */
import pLimit, { type LimitFunction } from 'p-limit'
import type { Clock } from '../ports'

/** Options of the gate. */
export type RateGateOptions = {
  clock: Clock
  /** Requests in flight across all data centres. @default 32 */
  globalConcurrency?: number
  /** Requests in flight per data centre (Concur geolocation, or 'faces'). @default 16 */
  perKeyConcurrency?: number
  /** Longest pause honoured from one Retry-After. @default 120000 */
  maxPauseMs?: number
}

/** The shared gate. */
export interface RateGate {
  /** Runs `fn` inside the global and per-key limits, after any pause of `key`. */
  run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Pauses every request to `key` for `ms` (from a 429's retry-after). */
  pause(key: string, ms: number): void
  /** Resolves when `key` is not paused. */
  waitUntilOpen(key: string, signal?: AbortSignal): Promise<void>
  readonly globalConcurrency: number
  readonly perKeyConcurrency: number
}

/** Creates a rate gate. */
export function createRateGate(options: RateGateOptions): RateGate {
  const globalConcurrency = options.globalConcurrency ?? 32
  const perKeyConcurrency = options.perKeyConcurrency ?? 16
  const maxPauseMs = options.maxPauseMs ?? 120_000
  const global = pLimit(globalConcurrency)
  const perKey = new Map<string, LimitFunction>()
  const pausedUntil = new Map<string, number>()

  async function waitUntilOpen(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const until = pausedUntil.get(key) ?? 0
      const now = options.clock.nowMs()
      if (until <= now) return
      await options.clock.wait(until - now, signal)
    }
  }

  return {
    globalConcurrency,
    perKeyConcurrency,
    waitUntilOpen,
    pause(key, ms) {
      const until = options.clock.nowMs() + Math.min(Math.max(0, ms), maxPauseMs)
      if (until > (pausedUntil.get(key) ?? 0)) pausedUntil.set(key, until)
    },
    run(key, fn, signal) {
      let limit = perKey.get(key)
      if (!limit) perKey.set(key, (limit = pLimit(perKeyConcurrency)))
      const l = limit
      // Per-key slot first, then the global one, so one slow data centre cannot hold global slots while it queues.
      return l(() =>
        global(async () => {
          signal?.throwIfAborted()
          await waitUntilOpen(key, signal)
          return fn()
        }),
      )
    },
  }
}
