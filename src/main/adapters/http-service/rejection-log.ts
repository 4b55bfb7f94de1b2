/**
 * Counts requests the desk turns away and logs them aggregated: the first of each reason in a
 * window at once (so whoever runs the desk sees it promptly), then one summary line per window,
 * e.g. "412 requests rejected in the last minute: 400 wrong Host, 12 no session".
 *
 * Why: any web page a desk user visits can make the browser send requests to the desk; one
 * synchronous log write per rejected request let such a page make the desk write without limit.
 */
import type { Logger } from '../../logging/logger'

/** Why a request or connection was turned away. */
export type RejectionReason =
  | 'wrong-host'
  | 'foreign-origin'
  | 'no-session'
  | 'spent-link'
  | 'unknown-link'
  | 'malformed-url'
  | 'not-json'
  | 'body-too-large'
  | 'invalid-json'
  | 'method'
  | 'rate-limited'
  | 'connection-cap'
  | 'tls-handshake'
  | 'client-error'
  | 'sign-in-failed'
  | 'invalid-sign-in'
  | 'forbidden'

const LABELS: Record<RejectionReason, string> = {
  'wrong-host': 'wrong Host',
  'foreign-origin': 'foreign Origin',
  'no-session': 'no session',
  'spent-link': 'sign-in link already used',
  'unknown-link': 'unknown sign-in link',
  'malformed-url': 'malformed URL',
  'not-json': 'not JSON',
  'body-too-large': 'body too large',
  'invalid-json': 'invalid JSON',
  method: 'wrong method',
  'rate-limited': 'rate limited',
  'connection-cap': 'connection cap reached',
  'tls-handshake': 'TLS handshake failed',
  'client-error': 'unreadable or too slow',
  'sign-in-failed': 'wrong name or password',
  'invalid-sign-in': 'sign-in body refused',
  forbidden: 'role may not',
}

/** Timer functions, injectable so tests drive the window with a fake clock. */
export type RejectionTimers = {
  nowMs(): number
  setInterval(fn: () => void, ms: number): { unref?(): void }
  clearInterval(handle: unknown): void
}

const systemTimers: RejectionTimers = {
  nowMs: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
}

/** Aggregated counting and logging of rejected requests. */
export interface RejectionLog {
  /** Counts one rejection; `detail` (e.g. the foreign Host) is logged only for the first of its reason in a window. */
  count(reason: RejectionReason, detail?: string): void
  /** Writes the summary of the current window now (if anything was rejected) and starts a new one. */
  flush(): void
  /** Totals since start, by reason (for status and tests). */
  totals(): Readonly<Partial<Record<RejectionReason, number>>>
  /** Flushes and stops the timer. */
  stop(): void
}

/** Makes attacker-supplied text safe to quote in one log line: printable ASCII only, at most 100 characters. */
export function quoteForLog(text: string): string {
  let out = ''
  for (const ch of text.slice(0, 100)) {
    const code = ch.charCodeAt(0)
    out += code >= 0x20 && code < 0x7f ? ch : '?'
  }
  return out
}

function describeWindow(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000))
  if (s === 60) return 'minute'
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`
}

/** Creates the rejection log; summaries every `intervalMs` (default one minute). */
export function createRejectionLog(deps: {
  log: Logger
  intervalMs?: number
  timers?: RejectionTimers
}): RejectionLog {
  const timers = deps.timers ?? systemTimers
  const intervalMs = deps.intervalMs ?? 60_000
  const totals: Partial<Record<RejectionReason, number>> = {}
  let window = new Map<RejectionReason, number>()
  let windowStartMs = timers.nowMs()

  function flush(): void {
    const nowMs = timers.nowMs()
    if (window.size > 0) {
      const entries = [...window.entries()].sort((a, b) => b[1] - a[1])
      const total = entries.reduce((sum, [, n]) => sum + n, 0)
      const parts = entries.map(([reason, n]) => `${n} ${LABELS[reason]}`).join(', ')
      deps.log.warn(
        `requests: ${total} ${total === 1 ? 'request' : 'requests'} rejected in the last ${describeWindow(nowMs - windowStartMs)}: ${parts}`,
      )
    }
    window = new Map()
    windowStartMs = nowMs
  }

  const handle = timers.setInterval(flush, intervalMs)
  handle.unref?.()

  return {
    count(reason, detail) {
      totals[reason] = (totals[reason] ?? 0) + 1
      const seen = window.get(reason) ?? 0
      window.set(reason, seen + 1)
      if (seen === 0) {
        deps.log.warn(
          `requests: rejected (${LABELS[reason]}); further rejections are summarised every ${describeWindow(intervalMs)}`,
          detail === undefined ? undefined : { detail: quoteForLog(detail) },
        )
      }
    },
    flush,
    totals: () => ({ ...totals }),
    stop() {
      timers.clearInterval(handle)
      flush()
    },
  }
}
