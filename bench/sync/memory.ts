/** Peak RSS sampling and a forced GC for the benchmark's memory figures. */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let peakRss = 0
let atPeak = process.memoryUsage()
let sampler: NodeJS.Timeout | null = null

/** Starts sampling every 50 ms. */
export function startMemorySampler(): void {
  sampler ??= setInterval(() => {
    const m = process.memoryUsage()
    if (m.rss > peakRss) {
      peakRss = m.rss
      atPeak = m
    }
  }, 50)
}

/** Stops sampling. */
export function stopMemorySampler(): void {
  if (sampler) clearInterval(sampler)
  sampler = null
}

/** Restarts the peak at the current RSS. */
export function resetPeak(rss: number): void {
  peakRss = rss
  atPeak = process.memoryUsage()
}

/** The peak since the last reset, and the memory breakdown at that moment. */
export function peak(): { rss: number; at: NodeJS.MemoryUsage } {
  return { rss: peakRss, at: atPeak }
}

/** A full garbage collection (the flag is set at run time, so the bundle runs with plain `node`). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}
