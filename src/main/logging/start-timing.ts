/**
 * The phases of a desk's start, timed (issue 12: service mode ready ≤ 1.5 s with a full store).
 * Service mode logs them once it is ready and, with DESK_START_TIMING=1, prints them on stderr as
 * `start: <phase> <ms> ms` lines (the store benchmark reads those to print the split).
 */

/** One finished phase. */
export type StartPhase = { phase: string; ms: number }

/** Marks the end of each start phase. */
export interface StartTiming {
  /** Ends the phase that ran since the previous mark (the first: since the process started). */
  mark(phase: string): void
  /** The phases so far, in order. */
  phases(): readonly StartPhase[]
}

/**
 * A timing on `now` (milliseconds; by default since the process started, so the first phase is
 * Node starting and loading the bundle).
 */
export function createStartTiming(now: () => number = () => performance.now()): StartTiming {
  const phases: StartPhase[] = []
  let last = 0
  return {
    mark(phase) {
      const t = now()
      phases.push({ phase, ms: Math.round(t - last) })
      last = t
    },
    phases: () => phases,
  }
}

/** A timing that records nothing (tests, the Electron app's later sessions). */
export const noStartTiming: StartTiming = { mark: () => {}, phases: () => [] }

/** The phases as one line per phase, the format the store benchmark parses. */
export function formatStartPhases(phases: readonly StartPhase[]): string {
  return phases.map((p) => `start: ${p.phase} ${p.ms} ms\n`).join('')
}
