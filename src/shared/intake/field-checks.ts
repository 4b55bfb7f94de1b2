/**
 * The rules for the three fields of a request-token block, from the documented facts only
 * (`docs/concur-api.md` §1): the Outtask ID is the desk's digits-only entity number; the company UUID
 * is a UUID (the `username` of the password grant); the request token is an opaque string sent
 * as the `password` form field. No document fixes a token's length, prefix or alphabet, so those
 * are warnings (doubtful, accepted), never rejections. A rejection names the rule that failed and,
 * for a token, its length and first and last characters, never the whole token.
 */
import type { FieldError, FieldNotice } from '../model'

/** What a check found: the value to use (normalised), and what to say about it. */
export type FieldCheck = {
  value: string | null
  error: FieldError | null
  warnings: FieldNotice[]
  notes: FieldNotice[]
}

/** How a value arrived in the paste, as far as the checks care. */
export type RawField = {
  /** The cleaned value ('' when the label had nothing after it); undefined when there was no label. */
  value: string | undefined
  /** Punctuation removed around the value (quotes, brackets, a trailing full stop), if any. */
  removedAround: string
  /** 1-based line of the label. */
  line: number
  /** The label as written, e.g. `Request_Token`. */
  label: string
  /** The value is a template placeholder such as `<the company request token>`. */
  isPlaceholder: boolean
}

const OUTTASK_MAX_DIGITS = 12
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const HEX32_RE = /^[0-9a-f]{32}$/
const TOKEN_ALPHABET_RE = /^[A-Za-z0-9._~+/=-]*$/
/** Below this a request token is unusually short (real ones are long); a warning, not a rule. */
export const SHORT_TOKEN_LENGTH = 20
/** Above this a value is more likely several things run together than one token. */
export const LONG_TOKEN_LENGTH = 2048

/** Masks a secret for display: its first and last characters, never the whole value. */
export function maskToken(token: string): string {
  const { head, tail } = maskParts(token)
  return `${head}…${tail}`
}

function maskParts(value: string): { head: string; tail: string } {
  const n = value.length
  const headLength = n >= 12 ? 5 : n >= 6 ? 3 : n >= 2 ? 1 : 0
  const tailLength = n >= 12 ? 3 : n >= 6 ? 2 : n >= 3 ? 1 : 0
  return { head: value.slice(0, headLength), tail: tailLength ? value.slice(-tailLength) : '' }
}

/** `17 characters, starts "at-ab", ends "567"`: enough to compare with the customer's copy. */
export function describeSecret(value: string): string {
  const { head, tail } = maskParts(value)
  const ends = tail ? `, ends "${tail}"` : ''
  return `${value.length} character${value.length === 1 ? '' : 's'}${head ? `, starts "${head}"` : ''}${ends}`
}

/** A character as a reader can recognise it in a message: `"A"`, `"ä"`, or `U+00A7` for an odd one. */
function showChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code > 0x20 && code < 0x7f ? `"${ch}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

function emptyLabelError(
  field: FieldError['field'],
  raw: RawField,
  what: string,
  example: string,
): FieldError {
  return {
    field,
    value: '',
    message: raw.isPlaceholder
      ? `Line ${raw.line} still holds the template text after "${raw.label}:" instead of ${what}. This is the quoted case request, not Concur's answer: paste the part of the reply that holds the real value.`
      : `There is nothing after the "${raw.label}:" label on line ${raw.line}. Put ${what} right after the label (e.g. "${raw.label}: ${example}"), on the same line or the line below.`,
  }
}

function firstNonDigit(v: string): number {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return i
  }
  return -1
}

/** Up to `max` distinct characters of `v` outside the usual token alphabet, in order of appearance. */
function unusualChars(v: string, max: number): string[] {
  const found = new Set<string>()
  for (const ch of v) {
    if (!TOKEN_ALPHABET_RE.test(ch)) found.add(ch)
    if (found.size >= max) break
  }
  return [...found]
}

function fresh(value: string | null = null): FieldCheck {
  return { value, error: null, warnings: [], notes: [] }
}

/**
 * The check's answer when there is no value: no label at all (`missing` says what to add), or a
 * label with nothing after it (or only a template placeholder); null when there is a value.
 */
function absent(
  field: FieldError['field'],
  raw: RawField | undefined,
  missing: string,
  what: string,
  example: string,
): FieldCheck | null {
  if (!raw || raw.value === undefined) return { ...fresh(), error: { field, value: '', message: missing } }
  if (raw.value === '') return { ...fresh(), error: emptyLabelError(field, raw, what, example) }
  return null
}

/** Checks an Outtask ID: digits only, at most 12. */
export function checkOuttaskId(raw: RawField | undefined): FieldCheck {
  const none = absent(
    'outtaskId',
    raw,
    'The Entity/Outtask ID is missing. Add a line such as "Entity/Outtask ID: 110034".',
    'the Entity/Outtask ID',
    '110034',
  )
  if (none || !raw?.value) return none ?? fresh()
  const v = raw.value
  const result = fresh(v)
  const shown = v.slice(0, 40)
  const offender = firstNonDigit(v)
  if (offender !== -1)
    result.error = {
      field: 'outtaskId',
      value: shown,
      message: `The Entity/Outtask ID "${shown}" is not valid: it must be digits only (e.g. 110034), and character ${offender + 1} is ${showChar(String.fromCodePoint(v.codePointAt(offender) ?? 0))}. Check the case text and correct it.`,
    }
  else if (v.length > OUTTASK_MAX_DIGITS)
    result.error = {
      field: 'outtaskId',
      value: shown,
      message: `The Entity/Outtask ID "${shown}" has ${v.length} digits; an Outtask ID has at most ${OUTTASK_MAX_DIGITS}. Check whether two numbers ran together.`,
    }
  return result
}

/** Normalises a UUID's formatting (URN prefix, braces, upper case, missing hyphens). */
export function normaliseUuid(value: string): { uuid: string; changes: string[] } {
  const changes: string[] = []
  let v = value
  if (v.toLowerCase().startsWith('urn:uuid:')) {
    v = v.slice(9)
    changes.push('a "urn:uuid:" prefix')
  }
  if ((v.startsWith('{') && v.endsWith('}')) || (v.startsWith('(') && v.endsWith(')'))) {
    changes.push(v.startsWith('(') ? 'parentheses' : 'braces')
    v = v.slice(1, -1)
  }
  if (v !== v.toLowerCase()) {
    v = v.toLowerCase()
    changes.push('upper case')
  }
  if (HEX32_RE.test(v)) {
    v = `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`
    changes.push('no hyphens')
  }
  return { uuid: v, changes }
}

/** What is wrong with a value that is not a UUID, in words. */
function uuidProblem(v: string): string {
  const groups = v.split('-').map((g) => g.length)
  const odd = [...v].find((ch) => ch !== '-' && !/[0-9a-f]/.test(ch))
  const parts = [
    `it has ${groups.length === 1 ? `${v.length} characters and no hyphens` : `groups of ${groups.join('-')}`}`,
  ]
  if (odd) parts.push(`the character ${showChar(odd)}, which is not hexadecimal`)
  return parts.join(' and ')
}

/** Checks a company UUID, normalising formatting (and saying so in a note). */
export function checkCompanyUuid(raw: RawField | undefined): FieldCheck {
  const example = '79840cd9-5989-4675-a254-3cdd0deeb178'
  const none = absent(
    'companyUuid',
    raw,
    `The company UUID is missing. Add a line such as "Client_UUID: ${example}".`,
    'the company UUID',
    example,
  )
  if (none || !raw?.value) return none ?? fresh()
  const result = fresh()
  const { uuid, changes } = normaliseUuid(raw.value)
  if (!UUID_RE.test(uuid)) {
    const shown = raw.value.slice(0, 60)
    result.value = shown
    result.error = {
      field: 'companyUuid',
      value: shown,
      message: `The company UUID "${shown}" is not well-formed: a UUID is 8-4-4-4-12 hexadecimal digits (0-9, a-f), and ${uuidProblem(uuid.slice(0, 60))}. Ask the customer to copy it again from the Company Request Token tool.`,
    }
    return result
  }
  result.value = uuid
  if (raw.removedAround) changes.unshift(`surrounding ${raw.removedAround}`)
  if (changes.length > 0)
    result.notes.push({
      field: 'companyUuid',
      message: `The company UUID was written with ${joinWords(changes)}: formatting only. Read as ${uuid}.`,
    })
  return result
}

function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`
}

/** Checks a request token's shape (not whether Concur accepts it). */
export function checkRequestToken(raw: RawField | undefined, companyUuid: string | null): FieldCheck {
  const none = absent(
    'requestToken',
    raw,
    'The request token is missing. Add a line such as "Request_Token: at-…" with the token from Concur.',
    'the request token',
    'at-…',
  )
  if (none || !raw?.value) return none ?? fresh()
  const v = raw.value
  const result = fresh(v)
  const masked = maskToken(v)
  const space = v.search(/\s/)
  const reject = (rule: string, todo: string): FieldCheck => {
    result.error = {
      field: 'requestToken',
      value: masked,
      message: `The request token (${describeSecret(v)}) ${rule}. ${todo}`,
    }
    return result
  }
  if (v.includes('…'))
    return reject(
      'contains "…", so it was cut short when it was copied',
      'Ask the customer for the whole token, copied from the Company Request Token tool rather than from a preview.',
    )
  if (space !== -1)
    return reject(
      `has a space after character ${space}`,
      'Concur issues it as one unbroken string: paste it again without the line break or space.',
    )
  if (companyUuid !== null && normaliseUuid(v).uuid === companyUuid)
    return reject(
      'is the company UUID again',
      'The token is a different value: ask the customer for the "Company Request Token" itself.',
    )
  const warn = (message: string): void => void result.warnings.push({ field: 'requestToken', message })
  if (v.length < SHORT_TOKEN_LENGTH)
    warn(
      `The request token is only ${v.length} characters long (${describeSecret(v)}); Concur's are usually longer. It is accepted; if Concur answers "Incorrect credentials", ask the customer to copy it again.`,
    )
  if (v.length > LONG_TOKEN_LENGTH)
    warn(
      `The request token is ${v.length.toLocaleString('en-US')} characters long; check that no other text ran into it.`,
    )
  if (!TOKEN_ALPHABET_RE.test(v)) {
    const odd = unusualChars(v, 5)
    warn(
      `The request token contains ${odd.map(showChar).join(', ')}, which tokens rarely do; check it against the customer's text.`,
    )
  }
  if (UUID_RE.test(normaliseUuid(v).uuid))
    warn('The request token looks like a UUID; make sure it is the request token and not the company UUID.')
  if (raw.removedAround)
    result.notes.push({
      field: 'requestToken',
      message: `Removed the ${raw.removedAround} around the request token.`,
    })
  return result
}
