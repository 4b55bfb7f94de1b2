/** How long requests hold their rate-gate slots, and how many are busy on average (for the report). */
import { performance } from 'node:perf_hooks'
import type { RateGate } from '../../src/main/core/sync/rate-gate'

/** The counters, reset per measurement. */
export const slotStats = {
  holds: new Map<string, { n: number; ms: number }>(),
  exchanges: new Map<string, { n: number; ms: number }>(),
  busy: 0,
  busyIntegralMs: 0,
  lastMs: 0,
  reset(): void {
    this.holds.clear()
    this.exchanges.clear()
    this.busyIntegralMs = 0
    this.lastMs = performance.now()
  },
  tick(delta: number): void {
    const now = performance.now()
    this.busyIntegralMs += this.busy * (now - this.lastMs)
    this.lastMs = now
    this.busy += delta
  },
}

/** Records one HTTP exchange of `key` (Concur or Faces). */
export function recordExchange(key: string, ms: number): void {
  const h = slotStats.exchanges.get(key) ?? { n: 0, ms: 0 }
  h.n++
  h.ms += ms
  slotStats.exchanges.set(key, h)
}

/** A gate that measures every slot it hands out. */
export function measuredGate(inner: RateGate): RateGate {
  return {
    ...inner,
    run(key, fn, signal) {
      return inner.run(
        key,
        async () => {
          const t = performance.now()
          slotStats.tick(1)
          try {
            return await fn()
          } finally {
            slotStats.tick(-1)
            const h = slotStats.holds.get(key) ?? { n: 0, ms: 0 }
            h.n++
            h.ms += performance.now() - t
            slotStats.holds.set(key, h)
          }
        },
        signal,
      )
    },
  }
}
