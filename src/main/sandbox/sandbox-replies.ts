/**
 * SAP Concur's side of the case in the Sandbox: the reply text with a fresh request token, and
 * when that reply reached the desk. Normally "now"; the bad-day switches make it a reply that
 * waited in a mailbox until 5 minutes before the end of its lifetime, or one that arrived at
 * 16:40, after the intake window. The simulated Concur gets the same issue time and lifetime, so
 * the desk's countdown and Concur's refusal agree to the second.
 *
 * A real desk cannot know when an e-mail arrived and counts from the paste; the Sandbox tells the
 * desk (`receivedAt`), because a rehearsal of "a token that expires in 5 minutes" needs one.
 */
import { Temporal } from 'temporal-polyfill'
import { requestTokenLifetimeText } from '../../shared/intake/intake-defaults'
import { clockInZone } from '../../shared/intake/format-time'
import type { ConcurSimAdmin } from './concur-sim/concur-simulator'

/** When the next simulated reply reaches the desk. */
export type ReplyTiming = 'now' | 'expires-soon' | 'after-window'

/** What a simulated reply is about. */
export type ReplyEntity = { name: string; outtaskId: string; companyUuid: string }

/** A simulated reply from SAP Concur. */
export type SandboxReply = { caseText: string; receivedAtMs: number; expiresAtMs: number }

/** How long before the end of its lifetime an "expires soon" reply arrives. */
export const EXPIRES_SOON_MS = 5 * 60_000

/** The wall-clock time (Zurich) an "after the window" reply arrives. */
export const AFTER_WINDOW_ARRIVAL = { hour: 16, minute: 40 } as const

/** The last instant at or before `nowMs` whose wall clock in `timeZone` reads hour:minute. */
export function lastWallClockAt(
  nowMs: number,
  timeZone: string,
  at: { hour: number; minute: number },
): number {
  const now = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone)
  const today = now.toPlainDate().toZonedDateTime({
    timeZone,
    plainTime: new Temporal.PlainTime(at.hour, at.minute),
  })
  const instant = Temporal.ZonedDateTime.compare(today, now) <= 0 ? today : today.subtract({ days: 1 })
  return instant.epochMilliseconds
}

/** Creates the reply desk of one Sandbox. */
export function createSandboxReplies(deps: Readonly<{ concur: ConcurSimAdmin; nowMs: () => number }>) {
  const receipts = new Map<string, number>()

  return {
    /**
     * The reply for an entity: a request token bound to the demo client, issued at the arrival
     * time with the desk's lifetime (`lifetimeMs`), in the words of a Concur support e-mail.
     */
    reply(entity: ReplyEntity, timing: ReplyTiming, lifetimeMs: number, timeZone: string): SandboxReply {
      const nowMs = deps.nowMs()
      const receivedAtMs =
        timing === 'expires-soon'
          ? nowMs - (lifetimeMs - EXPIRES_SOON_MS)
          : timing === 'after-window'
            ? lastWallClockAt(nowMs, timeZone, AFTER_WINDOW_ARRIVAL)
            : nowMs
      const expiresAtMs = receivedAtMs + lifetimeMs
      const token = deps.concur.issueRequestToken(entity.companyUuid, {
        issuedAtMs: receivedAtMs,
        expiresAtMs,
      })
      if (timing !== 'now') receipts.set(token, receivedAtMs)
      const arrival =
        timing === 'now'
          ? []
          : [
              `Note from the Sandbox: this reply reached the desk at ${clockInZone(receivedAtMs, timeZone)} (${timeZone}).`,
            ]
      const caseText = [
        'Hello Umbrella support,',
        '',
        `as requested in your API token request for ${entity.name}, please find the company request token below.`,
        `Note from the Sandbox: ${requestTokenLifetimeText(lifetimeMs / 3_600_000)}`,
        ...arrival,
        '',
        `Entity/Outtask ID: ${entity.outtaskId}`,
        `Client_UUID: ${entity.companyUuid}`,
        `Request_Token: ${token}`,
        '',
        'Kind regards,',
        'SAP Concur Support (Sandbox)',
      ].join('\n')
      return { caseText, receivedAtMs, expiresAtMs }
    },
    /** When the reply carrying this request token reached the desk; null when it was not a late one. */
    receivedAt(requestToken: string): number | null {
      return receipts.get(requestToken) ?? null
    },
  }
}

/** The reply desk of a Sandbox. */
export type SandboxReplies = ReturnType<typeof createSandboxReplies>
