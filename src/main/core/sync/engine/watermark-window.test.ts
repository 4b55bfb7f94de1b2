import { describe, expect, it } from 'vitest'
import {
  advancedWatermarkMs,
  createSettledPrefix,
  FULL_RESYNC_SINCE_MS,
  idleWatermarkMs,
  walkStartMs,
} from './watermark-window'

describe('watermark window', () => {
  it('starts a walk one overlap before the watermark, at 1900 for a first or full poll', () => {
    expect(walkStartMs(1_000_000, false, 120_000)).toBe(880_000)
    expect(walkStartMs(null, false, 120_000)).toBe(FULL_RESYNC_SINCE_MS)
    expect(walkStartMs(1_000_000, true, 120_000)).toBe(FULL_RESYNC_SINCE_MS)
    expect(walkStartMs(FULL_RESYNC_SINCE_MS + 10, false, 120_000)).toBe(FULL_RESYNC_SINCE_MS)
  })

  it('advances only over the settled prefix, however the items finish', () => {
    const p = createSettledPrefix([10, 20, 30, 40], 1_000)
    expect(p.settle(2)).toBeNull()
    expect(p.settle(1)).toBeNull()
    expect(p.settle(0)).toBe(30)
    expect(p.length).toBe(3)
    expect(p.settle(3)).toBe(40)
  })

  it('never moves past the walk start, nor backwards', () => {
    const p = createSettledPrefix([10, 5_000], 1_000)
    p.settle(0)
    expect(p.settle(1)).toBe(1_000)
    expect(advancedWatermarkMs(2_000, 1_000)).toBe(2_000)
    expect(advancedWatermarkMs(null, 1_000)).toBe(1_000)
  })

  it('moves an idle watermark to the end of the window read, capped at the walk start', () => {
    expect(idleWatermarkMs(1_000_000, 2_000_000, 880_000, 120_000)).toBe(1_000_000)
    expect(idleWatermarkMs(null, 2_000_000, 1_950_000, 120_000)).toBe(2_000_000)
  })
})
