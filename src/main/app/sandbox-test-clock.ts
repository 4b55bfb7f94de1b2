/**
 * DESK_TEST_CLOCK_START: service mode's Sandbox can start its clock at a chosen instant (it then
 * advances with real time), so a rehearsal such as "a token that arrived at 16:40" reads the same
 * at any hour. For tests only: refused outside the Sandbox, and a production session never runs on it.
 */
import { Temporal } from 'temporal-polyfill'
import { createShiftedClock } from '../core/clock'
import { DeskError } from '../core/errors/desk-error'
import type { Clock } from '../core/ports'

/** The environment variable that pins the Sandbox's clock at start. */
export const TEST_CLOCK_ENV = 'DESK_TEST_CLOCK_START'

/**
 * The Sandbox's test clock from `value` (an ISO 8601 instant with an offset), or null when unset.
 * Throws a DeskError (invalid-input) for a value that is no instant, or for any value outside the Sandbox.
 */
export function sandboxTestClock(
  value: string | undefined,
  environment: 'sandbox' | 'production',
  base?: Clock,
): Clock | null {
  if (value === undefined || value === '') return null
  if (environment !== 'sandbox')
    throw new DeskError(
      'invalid-input',
      `${TEST_CLOCK_ENV} is set, but this desk is connected to production, which always runs on the real clock. It is for tests of the Sandbox only: unset ${TEST_CLOCK_ENV} and start again.`,
    )
  let startMs: number
  try {
    startMs = Temporal.Instant.from(value).epochMilliseconds
  } catch {
    throw new DeskError(
      'invalid-input',
      `${TEST_CLOCK_ENV} is "${value.slice(0, 60)}", not an instant: give an ISO 8601 time with its offset, e.g. 2026-03-10T09:00:00+01:00, or unset it.`,
    )
  }
  return createShiftedClock(startMs, base)
}
