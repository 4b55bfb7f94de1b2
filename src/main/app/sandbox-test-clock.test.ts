import { describe, expect, it } from 'vitest'
import { createManualClock, createShiftedClock } from '../core/clock'
import { isDeskError } from '../core/errors/desk-error'
import { sandboxTestClock, TEST_CLOCK_ENV } from './sandbox-test-clock'

const PINNED = '2026-03-10T09:00:00+01:00'

describe('the Sandbox test clock (DESK_TEST_CLOCK_START)', () => {
  it('starts at the pinned instant and advances with the real clock beneath it', async () => {
    const real = createManualClock(Date.parse('2026-12-01T20:00:00Z'))
    const clock = sandboxTestClock(PINNED, 'sandbox', real)!
    expect(new Date(clock.nowMs()).toISOString()).toBe('2026-03-10T08:00:00.000Z')
    await real.advance(90_000)
    expect(new Date(clock.nowMs()).toISOString()).toBe('2026-03-10T08:01:30.000Z')
    let waited = false
    void clock.wait(1_000).then(() => (waited = true))
    await real.advance(1_000)
    expect(waited).toBe(true)
  })

  it('is no clock at all when unset', () => {
    expect(sandboxTestClock(undefined, 'sandbox')).toBeNull()
    expect(sandboxTestClock('', 'production')).toBeNull()
  })

  it('is refused in production, saying what to do', () => {
    let thrown: unknown
    try {
      sandboxTestClock(PINNED, 'production')
    } catch (err) {
      thrown = err
    }
    expect(isDeskError(thrown, 'invalid-input')).toBe(true)
    expect((thrown as Error).message).toBe(
      `${TEST_CLOCK_ENV} is set, but this desk is connected to production, which always runs on the real clock. It is for tests of the Sandbox only: unset ${TEST_CLOCK_ENV} and start again.`,
    )
  })

  it('refuses a value that is no instant, with an example', () => {
    expect(() => sandboxTestClock('Tuesday 9am', 'sandbox')).toThrow(
      /DESK_TEST_CLOCK_START is "Tuesday 9am", not an instant: give an ISO 8601 time with its offset/,
    )
    // Without an offset the instant would depend on the machine's zone: refused too.
    expect(() => sandboxTestClock('2026-03-10T09:00:00', 'sandbox')).toThrow(/not an instant/)
  })
})

describe('createShiftedClock', () => {
  it('keeps the offset it was created with', async () => {
    const base = createManualClock(1_000)
    const shifted = createShiftedClock(50_000, base)
    await base.advance(250)
    expect(shifted.nowMs()).toBe(50_250)
  })
})
