import { describe, expect, it } from 'vitest'
import { concurClockFloorMs, isAlreadyApplied, settledModifiedMs, withApplied } from './applied-changes'

const S = Date.UTC(2026, 5, 1, 8, 0, 0)

describe('applied changes', () => {
  it('skips a row not newer than what the desk applied', () => {
    const t = { appliedModifiedMs: S, pending: null }
    const o = { full: false, inRetryList: false }
    expect(isAlreadyApplied(S, t, o)).toBe(true)
    expect(isAlreadyApplied(S - 1_000, t, o)).toBe(true)
    expect(isAlreadyApplied(S + 1_000, t, o)).toBe(false)
  })

  it('reads the profile on a full resync, for the retry list, a pending write, or without a remembered stamp', () => {
    const t = { appliedModifiedMs: S, pending: null }
    expect(isAlreadyApplied(S, t, { full: true, inRetryList: false })).toBe(false)
    expect(isAlreadyApplied(S, t, { full: false, inRetryList: true })).toBe(false)
    expect(
      isAlreadyApplied(S, { appliedModifiedMs: S, pending: { a: 'b' } }, { full: false, inRetryList: false }),
    ).toBe(false)
    expect(isAlreadyApplied(S, { pending: null }, { full: false, inRetryList: false })).toBe(false)
    expect(isAlreadyApplied(S, undefined, { full: false, inRetryList: false })).toBe(false)
  })

  it('knows Concur’s clock from the newest change and the Date of each page, less a second of slack', () => {
    expect(concurClockFloorMs([])).toBeNull()
    expect(
      concurClockFloorMs([
        { servedAtMs: null, items: [{ lastModifiedMs: S }] },
        { items: [{ lastModifiedMs: S - 5_000 }] },
      ]),
    ).toBe(S)
    expect(concurClockFloorMs([{ servedAtMs: S + 10_000, items: [{ lastModifiedMs: S }] }])).toBe(S + 9_000)
  })

  it('remembers a stamp only once its second was provably over when the profile was read', () => {
    const evidence = (floor: number | null, readAt: number) => ({
      concurClockFloorMs: floor,
      readStartedAtMs: readAt,
      overlapMs: 120_000,
    })
    // A later change (or page) proves Concur's clock had left second S.
    expect(settledModifiedMs(S, evidence(S + 1_000, S))).toBe(S)
    // The same second: a second edit in it would carry the same stamp, so read it again next time.
    expect(settledModifiedMs(S, evidence(S + 999, S + 60_000))).toBeNull()
    // The desk's clock past it by more than the overlap settles it too.
    expect(settledModifiedMs(S, evidence(null, S + 121_000))).toBe(S)
    expect(settledModifiedMs(S, evidence(null, S + 120_999))).toBeNull()
  })

  it('never moves the applied stamp back', () => {
    expect(withApplied(undefined, S)).toBe(S)
    expect(withApplied(S, S - 1_000)).toBe(S)
    expect(withApplied(S, null)).toBe(S)
    expect(withApplied(undefined, null)).toBeUndefined()
  })
})
