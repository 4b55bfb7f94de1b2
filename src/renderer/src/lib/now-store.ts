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

/** Starts the one interval that advances `useNowStore` (idempotent); returns a stop function. */
export function startTicking(intervalMs = 1000): () => void {
  if (!timer) {
    useNowStore.setState({ nowMs: Date.now() })
    timer = setInterval(() => useNowStore.setState({ nowMs: Date.now() }), intervalMs)
  }
  return () => {
    if (timer) clearInterval(timer)
    timer = null
  }
}

/** `nowMs` rounded down to `granularityMs`: re-renders the caller only when that bucket changes. */
export function useNowBucket(granularityMs: number): number {
  return useNowStore((s) => Math.floor(s.nowMs / granularityMs) * granularityMs)
}
