import { describe, expect, it } from 'vitest'
import { emptyRunCounts, processedCount, runCountsText } from './run-counts'

describe('runCountsText', () => {
  it('always says read, unchanged and written, even when zero', () => {
    expect(runCountsText({ ...emptyRunCounts(), read: 12, unchanged: 12 })).toBe(
      '12 read, 12 unchanged, 0 written',
    )
  })

  it('adds the other counts only when not zero, and what a stopped run never reached', () => {
    const c = { read: 1200, written: 3, unchanged: 900, skipped: 1, flagged: 2, rejected: 1, failed: 4 }
    expect(processedCount(c)).toBe(911)
    expect(runCountsText(c)).toBe(
      '1,200 read, 900 unchanged, 3 written, 1 skipped, 2 flagged for review, 1 rejected by Concur, 4 failed, 289 not processed',
    )
  })
})
