/**
 * Redaction at the sink: every log line and every persisted log record passes through `redact`
 * before it reaches disk or console, so one forgotten call site cannot leak a secret.
 */

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|OAuth)(\s+)[^\s"',;]+/gi, '$1$2[redacted]'],
  [
    /\b(access_token|refresh_token|id_token|client_secret|password|request_token|requestToken|refreshToken|accessToken|clientSecret)=([^&\s"']+)/gi,
    '$1=[redacted]',
  ],
  [
    /("(?:access_token|refresh_token|id_token|client_secret|password|request_token|requestToken|refreshToken|accessToken|clientSecret|apiKey)"\s*:\s*")[^"]*/gi,
    '$1[redacted]',
  ],
  // Concur request tokens pasted by users: `at-…` / company request tokens.
  [/\b(Request[_ ]?Token|Company Request Token)(\s*[:=]\s*)\S+/gi, '$1$2[redacted]'],
  [/\bat-[A-Za-z0-9._~+/-]{8,}/g, 'at-[redacted]'],
  // JWTs (access and id tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
]

const MIN_KNOWN_SECRET_LENGTH = 6

/** The set of live secret values registered at runtime; every sink masks them verbatim. */
export class SecretRegistry {
  private readonly values = new Set<string>()
  /** Registers a secret value as soon as it exists, before anything could log it. */
  register(value: string | null | undefined): void {
    if (value && value.length >= MIN_KNOWN_SECRET_LENGTH) this.values.add(value)
  }
  forget(value: string): void {
    this.values.delete(value)
  }
  get known(): ReadonlySet<string> {
    return this.values
  }
}

/** The process-wide registry (the main process is one trust domain). */
export const secretRegistry = new SecretRegistry()

/** Masks secrets in one line: known values first, then the token-shaped patterns. */
export function redact(line: string, known: ReadonlySet<string> = secretRegistry.known): string {
  let out = line
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join('[redacted]')
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement)
  return out
}

/** Redacts every string inside a JSON-serialisable value. */
export function redactDeep<T>(value: T, known: ReadonlySet<string> = secretRegistry.known): T {
  if (typeof value === 'string') return redact(value, known) as T
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, known)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, known)
    return out as T
  }
  return value
}
