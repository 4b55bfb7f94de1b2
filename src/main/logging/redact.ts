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
  // The team desk's personal access tokens.
  [/\bfcd_[A-Za-z0-9_-]{16,}/g, 'fcd_[redacted]'],
  // JWTs (access and id tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
]

const MIN_KNOWN_SECRET_LENGTH = 6
/** Oldest secrets are forgotten past this many (access tokens expire after an hour anyway). */
const MAX_KNOWN_SECRETS = 50_000
const RUN = /[A-Za-z0-9_~+/-]+/g
const LEADING_RUN = /^[A-Za-z0-9_~+/-]+/

/** The leading run of token characters in a value: the key its occurrences are looked up by. */
function firstRun(value: string): string {
  return LEADING_RUN.exec(value)?.[0] ?? ''
}

/** Known secret values indexed by their first run, so a line is checked in time linear in its length. */
export interface KnownSecrets {
  /** Values that may occur in `line` (a superset; the caller checks with includes). */
  candidates(line: string): Iterable<string>
}

function indexOf(values: Iterable<string>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>()
  for (const v of values) {
    const key = firstRun(v)
    let set = index.get(key)
    if (!set) index.set(key, (set = new Set()))
    set.add(v)
  }
  return index
}

function candidatesIn(index: ReadonlyMap<string, ReadonlySet<string>>, line: string): string[] {
  const out: string[] = [...(index.get('') ?? [])]
  for (const m of line.matchAll(RUN)) {
    const set = index.get(m[0])
    if (set) out.push(...set)
  }
  return out
}

/**
 * The set of live secret values registered at runtime; every sink masks them verbatim. Thousands
 * of access tokens pass through a long-running desk, so lines are not scanned value by value:
 * each value is indexed by its first run of token characters and looked up per run of the line.
 */
export class SecretRegistry implements KnownSecrets {
  private readonly values = new Set<string>()
  private readonly index = new Map<string, Set<string>>()
  /** Registers a secret value as soon as it exists, before anything could log it. */
  register(value: string | null | undefined): void {
    if (!value || value.length < MIN_KNOWN_SECRET_LENGTH || this.values.has(value)) return
    this.values.add(value)
    const key = firstRun(value)
    let set = this.index.get(key)
    if (!set) this.index.set(key, (set = new Set()))
    set.add(value)
    if (this.values.size > MAX_KNOWN_SECRETS) {
      const oldest = this.values.values().next().value
      if (oldest !== undefined) this.forget(oldest)
    }
  }
  forget(value: string): void {
    if (!this.values.delete(value)) return
    const key = firstRun(value)
    const set = this.index.get(key)
    set?.delete(value)
    if (set?.size === 0) this.index.delete(key)
  }
  get size(): number {
    return this.values.size
  }
  candidates(line: string): Iterable<string> {
    return candidatesIn(this.index, line)
  }
  /** This registry, for `redact(line, registry.known)`. */
  get known(): KnownSecrets {
    return this
  }
}

/** The process-wide registry (the main process is one trust domain). */
export const secretRegistry = new SecretRegistry()

/** Masks secrets in one line: known values first, then the token-shaped patterns. */
export function redact(line: string, known: KnownSecrets | ReadonlySet<string> = secretRegistry): string {
  let out = line
  const candidates = 'candidates' in known ? known.candidates(line) : candidatesIn(indexOf(known), line)
  // Longest first, so a secret that contains another is masked whole.
  for (const value of [...candidates].sort((x, y) => y.length - x.length)) {
    if (out.includes(value)) out = out.split(value).join('[redacted]')
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement)
  return out
}

/** Redacts every string inside a JSON-serialisable value. */
export function redactDeep<T>(value: T, known: KnownSecrets | ReadonlySet<string> = secretRegistry): T {
  if (typeof value === 'string') return redact(value, known) as T
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, known)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, known)
    return out as T
  }
  return value
}
