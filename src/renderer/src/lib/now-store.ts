/**
 * One shared ticking clock for every countdown on screen. Components never run their own timers:
 * they select a value derived from `nowMs` (e.g. the formatted text), so zustand re-renders only
 * the cells whose text actually changed, not the whole table.
 */
import { create } from 'zustand'

type NowState = { nowMs: number }

/** The shared "now" (epoch ms), advanced once per second by `startTicking`. */
export const useNowStore = create<NowState>(() => ({ nowMs: Date.now() }))

let timer: ReturnType<typeof setInterval> | null = null
/** How many callers hold the ticker; the interval runs while this is above zero. */
let holders = 0

/**
 * Holds the one interval that advances `useNowStore`: the first caller starts it, and it stops
 * when the last holder has called its stop function (each stop counts once). So one screen that
 * stops ticking never freezes the countdowns of another.
 */
export function startTicking(intervalMs = 1000): () => void {
  holders++
  if (!timer) {
    useNowStore.setState({ nowMs: Date.now() })
    timer = setInterval(() => useNowStore.setState({ nowMs: Date.now() }), intervalMs)
  }
  let released = false
  return () => {
    if (released) return
    released = true
    holders--
    if (holders === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** `nowMs` rounded down to `granularityMs`: re-renders the caller only when that bucket changes. */
export function useNowBucket(granularityMs: number): number {
  return useNowStore((s) => Math.floor(s.nowMs / granularityMs) * granularityMs)
}
