/**
 * How one traveller step ended, and which of the run's labelled counts it adds to (every profile
 * a run reads ends in exactly one of them, so the counts on screen and in the log add up).
 */
import type { RunCounts, SyncRunView } from '../../../../shared/model'

/** How one traveller step ended. */
export type StepOutcome = 'success' | 'skipped' | 'warning' | 'rejected' | 'failed' | 'cancelled'

/** The run count a step adds to (every count but `read`). */
export type StepEffect = Exclude<keyof RunCounts, 'read'>

/** The result of one traveller step (the error text goes to the retry list); `effect` defaults by outcome. */
export type StepResult = { outcome: StepOutcome; error?: string; effect?: StepEffect }

/** The count an outcome adds to when the step names none (a cancelled step counts nowhere). */
const DEFAULT_EFFECT: Record<StepOutcome, StepEffect | null> = {
  success: 'written',
  skipped: 'unchanged',
  warning: 'flagged',
  rejected: 'rejected',
  failed: 'failed',
  cancelled: null,
}

/** Adds the step to the run's counts. */
export function countStep(view: Pick<SyncRunView, 'counts'>, r: StepResult): void {
  const effect = r.effect ?? DEFAULT_EFFECT[r.outcome]
  if (effect) view.counts[effect]++
}
