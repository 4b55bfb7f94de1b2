import type { ProblemKind } from '../../../shared/result'
import { DeskError, type DeskErrorOptions } from '../errors/desk-error'

/** The kinds of Concur failure (a subset of ProblemKind, so the UI can map them directly). */
export type ConcurErrorKind = Extract<
  ProblemKind,
  | 'token-rejected'
  | 'refresh-token-invalid'
  | 'company-not-enabled'
  | 'wrong-data-centre'
  | 'rate-limited'
  | 'timeout'
  | 'offline'
  | 'remote-failed'
  | 'invalid-input'
  | 'not-found'
  | 'cancelled'
  | 'bug'
>

/** What a Concur failure may carry besides the family's fields. */
export type ConcurErrorDetails = DeskErrorOptions & {
  code?: number
  status?: number
  geolocation?: string
  travellerRejected?: boolean
  messageCode?: string
  networkCode?: string
  hostRefused?: boolean
}

/** A classified Concur failure: a DeskError with Concur's codes. `message` is safe to show and never holds a secret. */
export class ConcurError extends DeskError {
  declare readonly kind: ConcurErrorKind
  /** Concur's numeric OAuth2 error code, when the body had one. */
  readonly code?: number
  /** HTTP status, when a response arrived. */
  readonly status?: number
  /** A geolocation named by a code-16 error body. */
  readonly geolocation?: string
  /**
   * True when Concur refused this one traveller for good (an E-code, Invalid User, XML the desk
   * cannot send): resending the same thing cannot succeed, so the outbox records it and moves on.
   */
  readonly travellerRejected: boolean
  /** The Travel Profile message code (E003, E001, …) behind a rejection. */
  readonly messageCode?: string
  /** The network error code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, …) of an 'offline' failure. */
  readonly networkCode?: string
  /** True when the desk refused the address by its host policy (nothing was sent). */
  readonly hostRefused: boolean

  constructor(kind: ConcurErrorKind, message: string, details: ConcurErrorDetails = {}) {
    super(kind, message, details)
    this.name = 'ConcurError'
    if (details.code !== undefined) this.code = details.code
    if (details.status !== undefined) this.status = details.status
    if (details.geolocation !== undefined) this.geolocation = details.geolocation
    if (details.messageCode !== undefined) this.messageCode = details.messageCode
    if (details.networkCode !== undefined) this.networkCode = details.networkCode
    this.travellerRejected = details.travellerRejected ?? false
    this.hostRefused = details.hostRefused ?? false
  }
}

/** Which token grant failed; the same code reads differently for an exchange and a refresh. */
export type TokenOperation = 'exchange' | 'refresh'

type CodeRule = {
  kind: ConcurErrorKind
  retryable?: boolean
  retryAfterMs?: number
  text: (op: TokenOperation) => string
}

const CLIENT_CONFIG =
  'Check the Concur client id and client secret in the app settings; if they are right, contact SAP Concur.'
const OUR_BUG =
  'The desk sent Concur a malformed token request. This is a bug in the desk: report it with the correlation id.'

const TOKEN_CODES: Record<number, CodeRule> = {
  5: { kind: 'token-rejected', text: rejectedText },
  19: { kind: 'token-rejected', text: rejectedText },
  10: {
    kind: 'token-rejected',
    text: () => 'Concur says the company account is disabled. Ask the customer to check it with SAP Concur.',
  },
  11: {
    kind: 'token-rejected',
    text: () => 'Concur says the company account is disabled. Ask the customer to check it with SAP Concur.',
  },
  12: {
    kind: 'token-rejected',
    text: () => 'Concur denied the logon. Ask the customer for a new request token.',
  },
  13: {
    kind: 'token-rejected',
    text: () => 'Concur denied the logon. Ask the customer for a new request token.',
  },
  14: {
    kind: 'token-rejected',
    text: () => 'Concur says the account is locked. Ask the customer to unlock it with SAP Concur.',
  },
  20: {
    kind: 'token-rejected',
    text: () =>
      'Concur denied the logon, usually because of an IP restriction on the company. Ask the customer to check it.',
  },
  123: {
    kind: 'token-rejected',
    text: () =>
      'Concur says the company principal is disabled. Ask the customer to check it with SAP Concur.',
  },
  139: {
    kind: 'token-rejected',
    text: () =>
      'Concur denied the logon: a password must be changed. Ask the customer for a new request token.',
  },
  100: {
    kind: 'token-rejected',
    text: () =>
      'Concur does not know this company UUID. Check the company UUID that came with the request token.',
  },
  16: {
    kind: 'wrong-data-centre',
    text: () =>
      'Concur says this company lives in another data centre and the retry there failed too. Try again; if it persists, contact SAP Concur.',
  },
  53: {
    kind: 'company-not-enabled',
    text: () =>
      "The company has not enabled this app (client) in Concur. Ask the customer's Concur admin to connect the app, then send a new request token.",
  },
  136: {
    kind: 'token-rejected',
    text: () =>
      'The request token was issued for another Concur app (client id), not this one. Ask the customer to generate a request token for this app.',
  },
  105: {
    kind: 'refresh-token-invalid',
    text: () =>
      'The stored refresh token was issued to another Concur app (client id). A new request token is needed.',
  },
  108: {
    kind: 'refresh-token-invalid',
    text: () =>
      'The refresh token is invalid or expired: a new request token is needed. Ask the customer for one.',
  },
  134: {
    kind: 'remote-failed',
    retryable: true,
    // Maintenance lasts hours, not seconds: longer than a call waits, so the next scheduled run retries.
    retryAfterMs: 3_600_000,
    text: () => 'The company is undergoing scheduled maintenance at Concur. Try again later.',
  },
  59: { kind: 'invalid-input', text: () => `Concur says this app (client) is disabled. ${CLIENT_CONFIG}` },
  61: { kind: 'invalid-input', text: () => `Concur does not know this app's client id. ${CLIENT_CONFIG}` },
  64: {
    kind: 'invalid-input',
    text: () => `Concur rejected this app's client credentials. ${CLIENT_CONFIG}`,
  },
  107: {
    kind: 'invalid-input',
    text: () => `Concur does not allow refresh grants for this app. ${CLIENT_CONFIG}`,
  },
  54: {
    kind: 'invalid-input',
    text: () => `The requested scope exceeds what the app was granted. ${CLIENT_CONFIG}`,
  },
  60: {
    kind: 'invalid-input',
    text: () => `Concur does not allow this grant type for the app. ${CLIENT_CONFIG}`,
  },
}

for (const code of [21, 51, 52, 62, 63, 65, 106, 115, 120, 122, 135])
  TOKEN_CODES[code] = { kind: 'bug', text: () => OUR_BUG }

function rejectedText(op: TokenOperation): string {
  return op === 'exchange'
    ? 'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.'
    : 'Concur rejected the stored credentials during a refresh. A new request token is needed.'
}

/** Reads Concur's `code` field, which the docs show both as a number and as a quoted string. */
export function readErrorCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value)
  return undefined
}

/** Classifies a failed token-endpoint response (JSON body already parsed, or null when it was not JSON). */
export function tokenErrorFromResponse(
  op: TokenOperation,
  status: number,
  body: unknown,
  correlationId: string,
  retryAfterMs?: number,
): ConcurError {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  const code = readErrorCode(record['code'])
  const geolocation = typeof record['geolocation'] === 'string' ? record['geolocation'] : undefined
  const rule = code === undefined ? undefined : TOKEN_CODES[code]
  const base = {
    status,
    correlationId,
    ...(code === undefined ? {} : { code }),
    ...(geolocation ? { geolocation } : {}),
  }
  if (rule)
    return new ConcurError(rule.kind, rule.text(op), {
      ...base,
      retryable: rule.retryable ?? false,
      ...(rule.retryAfterMs === undefined ? {} : { retryAfterMs: rule.retryAfterMs }),
    })
  if (code !== undefined) {
    const error = typeof record['error'] === 'string' ? record['error'] : 'error'
    return new ConcurError(
      op === 'exchange' ? 'token-rejected' : 'refresh-token-invalid',
      `Concur refused the ${op === 'exchange' ? 'request-token exchange' : 'token refresh'} (code ${code}, ${safeWord(error)}). ` +
        (op === 'exchange'
          ? 'Ask the customer for a new request token.'
          : 'A new request token may be needed.'),
      base,
    )
  }
  return statusError(
    status,
    correlationId,
    `the ${op === 'exchange' ? 'request-token exchange' : 'token refresh'}`,
    retryAfterMs,
  )
}

/** Classifies a non-2xx status without a recognised Concur code. `what` names the call for the message. */
export function statusError(
  status: number,
  correlationId: string,
  what: string,
  retryAfterMs?: number,
): ConcurError {
  const base = { status, correlationId, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  if (status === 429)
    return new ConcurError(
      'rate-limited',
      `Concur is rate-limiting ${what}. The desk will slow down and try again.`,
      { ...base, retryable: true },
    )
  if (status === 503)
    return new ConcurError(
      'remote-failed',
      `Concur is unavailable (maintenance or overload) for ${what}. Try again in a few minutes.`,
      { ...base, retryable: true },
    )
  if (status >= 500)
    return new ConcurError(
      'remote-failed',
      `Concur failed on ${what} (HTTP ${status}). The desk will try again.`,
      { ...base, retryable: true },
    )
  if (status === 401)
    return new ConcurError(
      'bug',
      `Concur says ${what} carried no authorisation. This is a bug in the desk: report it.`,
      base,
    )
  if (status === 403)
    return new ConcurError(
      'company-not-enabled',
      `Concur refused access for ${what}: the app may no longer be allowed to access this company, or lacks the Travel Profile permission. Ask the customer's Concur admin.`,
      base,
    )
  if (status === 404)
    return new ConcurError('not-found', `Concur could not find what ${what} asked for (HTTP 404).`, base)
  return new ConcurError('remote-failed', `Concur answered ${what} with HTTP ${status}.`, base)
}

/** Keeps only a plain word from a remote string, so nothing odd (or secret) reaches a user message. */
function safeWord(value: string): string {
  return value.replace(/[^A-Za-z_ -]/g, '').slice(0, 40)
}
