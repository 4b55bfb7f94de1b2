import { describe, expect, it } from 'vitest'
import { emptyRunCounts } from '../../../../shared/run-counts'
import { countStep } from './step-result'

describe('countStep', () => {
  it('counts each outcome once, in its default count', () => {
    const view = { counts: emptyRunCounts() }
    for (const outcome of ['success', 'skipped', 'warning', 'rejected', 'failed'] as const)
      countStep(view, { outcome })
    expect(view.counts).toEqual({
      read: 0,
      written: 1,
      unchanged: 1,
      skipped: 0,
      flagged: 1,
      rejected: 1,
      failed: 1,
    })
  })

  it('follows the effect a step names, and counts a cancelled step nowhere', () => {
    const view = { counts: emptyRunCounts() }
    countStep(view, { outcome: 'success', effect: 'unchanged' })
    countStep(view, { outcome: 'warning', effect: 'written' })
    countStep(view, { outcome: 'skipped', effect: 'skipped' })
    countStep(view, { outcome: 'cancelled' })
    expect(view.counts).toMatchObject({ written: 1, unchanged: 1, skipped: 1, flagged: 0, failed: 0 })
  })
})
