/**
 * Reads what kind of network failure an HTTP call hit, from the system error code undici puts on
 * the error or on its cause: a TLS problem (certificate), an address that cannot be reached, or a
 * timeout. Used to give Settings → Test connection a specific answer.
 */

/** The kinds of failure before any answer arrived. */
export type NetworkFailure = 'tls' | 'unreachable' | 'timeout' | 'other'

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
])
/** A connection that broke after the request had gone out: the other side may have acted on it. */
const BROKEN_AFTER_SEND_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  ...BROKEN_AFTER_SEND_CODES,
])
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

/** The system error code of a failed request (on the error or somewhere down its cause chain). */
export function networkCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== '' && code === code.toUpperCase()) return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** True for a code of a connection that broke after the request was sent (it may have been processed). */
export function brokeAfterSend(code: string | undefined): boolean {
  return code !== undefined && BROKEN_AFTER_SEND_CODES.has(code)
}

/** Classifies a network error code. */
export function classifyNetworkCode(code: string | undefined): NetworkFailure {
  if (!code) return 'other'
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT')
  )
    return 'tls'
  if (UNREACHABLE_CODES.has(code)) return 'unreachable'
  if (TIMEOUT_CODES.has(code)) return 'timeout'
  return 'other'
}
