/** Failures cross every process boundary as data, never as thrown errors (their class and fields would be lost). */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem }

/** Every kind of failure, as data (the renderer checks a reply's kind against it). */
export const PROBLEM_KINDS = [
  'invalid-input',
  'not-found',
  'conflict',
  'offline',
  'signed-out',
  'forbidden',
  'timeout',
  'rate-limited',
  'token-rejected',
  'refresh-token-invalid',
  'company-not-enabled',
  'wrong-data-centre',
  'remote-failed',
  'keychain-unavailable',
  'cancelled',
  'bug',
] as const

/**
 * What kind of failure happened; the renderer maps each kind to text a support-desk user can act on.
 * `signed-out`: this browser page's service-mode session is not (or no longer) valid.
 * `forbidden`: the signed-in user's role may not do this (team desk).
 */
export type ProblemKind = (typeof PROBLEM_KINDS)[number]

/** A failure safe to show: `detail` never contains a secret. */
export type Problem = {
  kind: ProblemKind
  /** Plain-language explanation and what to do next. */
  message: string
  /** Field-level issues for `invalid-input` (path → message). */
  fields?: Record<string, string>
  /** Correlation id of the remote call, to quote to SAP support. */
  correlationId?: string
}

/** Wraps a value as a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Wraps a problem as a failure. */
export function fail<T = never>(problem: Problem): Result<T> {
  return { ok: false, problem }
}
