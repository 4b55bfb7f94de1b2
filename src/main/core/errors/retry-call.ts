/**
 * The one retry loop of the desk's remote calls (Concur transport, Faces client), on p-retry.
 * Whether a failure is worth retrying was decided where it was classified (`DeskError.retryable`,
 * `retryAfterMs`); this only reads it. Backoff waits run on the injected clock (p-retry's own timer
 * is set to zero), so tests with a fake clock never sleep, and they run outside any request slot:
 * the caller takes a slot per HTTP attempt, so a backing-off call never holds one.
 */
import pRetry from 'p-retry'
import type { Clock } from '../ports'
import { DeskError } from './desk-error'

/** How persistently one call retries. */
export type RetryPolicy = {
  /** Attempts per call for transient failures (network, timeout, 5xx), including the first. */
  maxAttempts: number
  /**
   * Attempts for rate-limited answers (429); they do not use up `maxAttempts`, since the remote
   * asked for a pause rather than failed. @default 8
   */
  maxRateLimitedAttempts?: number
  /** First backoff wait; doubles per attempt. */
  baseMs: number
  /** Longest backoff wait. */
  maxMs: number
  /**
   * Longest Retry-After honoured inside one call; a longer one (maintenance for hours) fails the
   * call at once and is left to the caller's schedule. @default 10 × maxMs
   */
  maxRetryAfterMs?: number
  /** Jitter source: a backoff is scaled by 0.5 + random × 0.5. @default Math.random */
  random?: () => number
}

/** What the loop needs from its caller. */
export type RetryContext = {
  clock: Clock
  signal?: AbortSignal | undefined
  /** Call-specific limits, e.g. a Create that must not be resent after a 500 (it may have been applied). */
  mayRetry?: (err: DeskError) => boolean
  /** Told before each wait (for the log line). */
  onRetry?: (err: DeskError, attempt: number, waitMs: number) => void
  /** The error to throw when the signal aborts a wait. */
  cancelled: (cause: unknown) => DeskError
}

/** Runs `attempt` until it succeeds or its failure is not worth another try. */
export function retryCall<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  ctx: RetryContext,
): Promise<T> {
  const maxRateLimited = Math.max(1, policy.maxRateLimitedAttempts ?? 8)
  let rateLimited = 0
  return pRetry(attempt, {
    retries: Math.max(0, policy.maxAttempts - 1),
    minTimeout: 0,
    maxTimeout: 0,
    // A 429 is a pause the remote asked for, not a failure: it has its own budget below.
    shouldConsumeRetry: ({ error }) => !(error instanceof DeskError && error.kind === 'rate-limited'),
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (!(error instanceof DeskError) || !error.retryable) return false
      if (ctx.mayRetry && !ctx.mayRetry(error)) return false
      const limited = error.kind === 'rate-limited'
      if (limited && ++rateLimited >= maxRateLimited) return false
      const waitMs = waitBeforeRetry(error, limited ? rateLimited : retriesConsumed + 1, policy)
      if (waitMs === null) return false
      ctx.onRetry?.(error, retriesConsumed + rateLimited + 1, waitMs)
      try {
        await ctx.clock.wait(waitMs, ctx.signal)
      } catch (abort) {
        throw ctx.cancelled(abort)
      }
      return true
    },
  })
}

/**
 * The wait before retry number `n` (1-based): the remote's Retry-After when it gave one (null when
 * it is longer than a call waits), else exponential backoff with jitter.
 */
export function waitBeforeRetry(err: DeskError, n: number, policy: RetryPolicy): number | null {
  const after = err.retryAfterMs
  if (after !== undefined && after > 0)
    return after > (policy.maxRetryAfterMs ?? policy.maxMs * 10) ? null : after
  return backoffMs(n, policy)
}

/**
 * Exponential backoff with jitter for retry number `n` (1-based): baseMs × 2^(n−1), at most maxMs,
 * scaled by 0.5 + random × 0.5. Also used by the loops that never give up (the Faces change feed,
 * the outbox), so every backoff of the desk has one shape.
 */
export function backoffMs(n: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs' | 'random'>): number {
  const random = policy.random ?? Math.random
  const ms = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, n - 1), 30))
  return Math.round(ms * (0.5 + random() * 0.5))
}
