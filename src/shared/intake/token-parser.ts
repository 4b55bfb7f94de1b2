/**
 * Parses what support staff paste from a Concur case or e-mail into request-token blocks.
 *
 * Pure and dependency-free: the renderer runs it for a live preview, the main process runs it again
 * on submit (the renderer is never trusted with the decision). What people really paste:
 * - the desk's own format (`Entity/Outtask ID: …`, `Client_UUID: …`, `Request_Token: …`) in any order;
 * - label variants (Company UUID, Company Request Token, Outtask ID, Entity ID), any case, `:` or `=`;
 * - several blocks at once, surrounding prose, e-mail quoting (`> `, `>>`), CRLF, tabs, no-break spaces;
 * - a token wrapped over two lines by a mail client (see `isTokenContinuation`).
 */
import type { FieldError } from '../model'

/** One block of token fields found in the pasted text. Holds the raw token: main-process use only. */
export type TokenPasteBlock = {
  index: number
  /** 1-based line range of the block in the pasted text. */
  lines: [number, number]
  outtaskId: string | null
  companyUuid: string | null
  /** The raw request token; never send it to the UI or a log (use `tokenPreview`). */
  requestToken: string | null
  tokenPreview: string | null
  errors: FieldError[]
}

type Field = 'outtaskId' | 'companyUuid' | 'requestToken'

/**
 * Label patterns, most specific first. Bare `token`/`uuid`/`id` only count at the start of a line so
 * that prose such as "the token: see below" in the middle of a sentence does not start a block.
 */
const LABELS: ReadonlyArray<{ field: Field; re: string; lineStartOnly?: boolean }> = [
  { field: 'outtaskId', re: 'entity\\s*[/\\\\|]\\s*outtask[\\s_-]*id' },
  { field: 'outtaskId', re: 'outtask[\\s_-]*id' },
  { field: 'outtaskId', re: 'entity[\\s_-]*id' },
  { field: 'outtaskId', re: 'outtask', lineStartOnly: true },
  { field: 'companyUuid', re: '(?:client|company)[\\s_-]*uuid' },
  { field: 'companyUuid', re: 'uuid', lineStartOnly: true },
  { field: 'requestToken', re: '(?:company[\\s_-]*)?request[\\s_-]*token' },
  { field: 'requestToken', re: '(?:company[\\s_-]*)?auth[\\s_-]*token' },
  { field: 'requestToken', re: 'token', lineStartOnly: true },
]

/** After a label: an optional note in brackets ("Company UUID (Client_UUID):"), then `:` or `=`. */
const LABEL_TAIL = '(?:\\s*\\([^)]{0,40}\\))?\\s*[:=]'

const LABEL_ANYWHERE = new RegExp(
  `(?:^|(?<=[\\s,;(]))(${LABELS.filter((l) => !l.lineStartOnly)
    .map((l) => l.re)
    .join('|')})${LABEL_TAIL}`,
  'gi',
)
const LABEL_AT_START = new RegExp(`^(${LABELS.map((l) => l.re).join('|')})${LABEL_TAIL}`, 'i')

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const OUTTASK_RE = /^\d{1,12}$/
const TOKEN_CHARS_RE = /^[A-Za-z0-9._~+/=-]+$/
const JWT_LIKE_RE = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/
/** Shortest token we accept without the `at-` prefix; real company request tokens are far longer. */
const MIN_BARE_TOKEN_LENGTH = 20
const MIN_AT_TOKEN_LENGTH = 10

/** Masks a token for display: first 5 and last 3 characters (less for short values). */
export function maskToken(token: string): string {
  if (token.length <= 4) return '…'
  if (token.length <= 10) return `${token.slice(0, 2)}…`
  return `${token.slice(0, 5)}…${token.slice(-3)}`
}

/** Normalises line endings, odd spaces and invisible characters, then splits into lines. */
function toLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .split('\n')
}

/** Removes e-mail quoting (`>`, `> >`, `>>`), list bullets and markdown emphasis from the start of a line. */
function unquote(line: string): string {
  return line
    .replace(/^\s*(?:>\s*)+/, '')
    .replace(/^\s*(?:[-*•]\s+)?/, '')
    .replace(/^[*_]+(?=\S)/, '')
}

function fieldOfLabel(label: string): Field {
  for (const l of LABELS) if (new RegExp(`^(?:${l.re})$`, 'i').test(label.trim())) return l.field
  return 'requestToken'
}

/** Strips decoration people add around values: quotes, brackets, markdown, trailing punctuation. */
function cleanValue(raw: string): string {
  let v = raw.trim()
  // `_` and `-` are base64url characters a token may start or end with: never strip them.
  v = v.replace(/^[`'"“”‘’<[(*]+/, '').replace(/[`'"“”‘’>\])*]+$/, '')
  v = v.replace(/[,;:.]+$/, '')
  return v.trim()
}

type FoundField = { field: Field; value: string }

/** Finds every `label: value` pair on one (already unquoted) line. */
function fieldsOnLine(line: string): FoundField[] {
  const found: Array<{ field: Field; start: number; valueStart: number }> = []
  const startMatch = LABEL_AT_START.exec(line)
  if (startMatch)
    found.push({ field: fieldOfLabel(startMatch[1] ?? ''), start: 0, valueStart: startMatch[0].length })
  LABEL_ANYWHERE.lastIndex = 0
  for (let m = LABEL_ANYWHERE.exec(line); m; m = LABEL_ANYWHERE.exec(line)) {
    const at = m.index
    if (found.some((f) => at < f.valueStart && at >= f.start)) continue
    found.push({ field: fieldOfLabel(m[1] ?? ''), start: m.index, valueStart: m.index + m[0].length })
  }
  found.sort((a, b) => a.start - b.start)
  return found.map((f, i) => {
    const end = found[i + 1]?.start ?? line.length
    return { field: f.field, value: pickValue(f.field, line.slice(f.valueStart, end)) }
  })
}

/**
 * The value of a field from the text after its label. Only the first word counts, so prose on the
 * same line ("110034 for the EMEA entity") is ignored; but a token followed by one more run of token
 * characters is kept whole, so that a token broken by a space is reported instead of cut short.
 */
function pickValue(field: Field, raw: string): string {
  const words = cleanValue(raw).split(/\s+/).filter(Boolean)
  const first = cleanValue(words[0] ?? '')
  if (field === 'requestToken' && words.length === 2 && TOKEN_CHARS_RE.test(cleanValue(words[1] ?? '')))
    return `${first} ${cleanValue(words[1] ?? '')}`
  return first
}

/**
 * Whether `line` continues a token wrapped by a mail client. Decision: a line directly below the
 * token (no blank line between) that is one run of token characters, has no label, and looks like
 * token material (a digit or one of `-_.~+/=`, or 16+ characters) is joined to the token. Prose
 * such as "Thanks" or "Regards," never qualifies; the masked preview lets staff check the result.
 */
function isTokenContinuation(line: string): boolean {
  const t = line.trim()
  if (!t || !TOKEN_CHARS_RE.test(t) || LABEL_AT_START.test(t)) return false
  return /[0-9._~+/=-]/.test(t) || t.length >= 16
}

type Draft = {
  start: number
  end: number
  values: Partial<Record<Field, string>>
  tokenLine: number | null
  /** A label with nothing after it: its value is on the next non-blank line. */
  awaiting: Field | null
}

/** Splits the paste into blocks of fields; a field seen twice starts the next block. */
function collectBlocks(lines: string[]): Draft[] {
  const drafts: Draft[] = []
  let cur: Draft | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = unquote(lines[i] ?? '')
    const fields = fieldsOnLine(line)
    if (fields.length === 0) {
      if (cur?.awaiting && line.trim() !== '') {
        const field = cur.awaiting
        cur.values[field] = pickValue(field, line)
        cur.awaiting = null
        cur.end = i
        if (field === 'requestToken') cur.tokenLine = i
        continue
      }
      if (
        cur &&
        cur.tokenLine === i - 1 &&
        cur.values.requestToken !== undefined &&
        isTokenContinuation(line)
      ) {
        cur.values.requestToken += line.trim()
        cur.tokenLine = i
        cur.end = i
      }
      continue
    }
    for (const f of fields) {
      if (!cur || cur.values[f.field] !== undefined) {
        cur = { start: i, end: i, values: {}, tokenLine: null, awaiting: null }
        drafts.push(cur)
      }
      cur.values[f.field] = f.value
      cur.awaiting = f.value === '' ? f.field : null
      cur.end = i
      if (f.field === 'requestToken') cur.tokenLine = fields[fields.length - 1] === f ? i : null
    }
  }
  return drafts
}

/** Validates an Outtask ID; null when fine. */
export function checkOuttaskId(value: string | undefined): FieldError | null {
  if (value === undefined || value === '')
    return {
      field: 'outtaskId',
      value: '',
      message: 'The Entity/Outtask ID is missing. Add a line such as "Entity/Outtask ID: 110034".',
    }
  if (!OUTTASK_RE.test(value))
    return {
      field: 'outtaskId',
      value: value.slice(0, 40),
      message: `The Entity/Outtask ID "${value.slice(0, 40)}" is not valid: it is digits only, e.g. 110034. Check the case text and correct it.`,
    }
  return null
}

/** Validates a company UUID; null when fine. */
export function checkCompanyUuid(value: string | undefined): FieldError | null {
  if (value === undefined || value === '')
    return {
      field: 'companyUuid',
      value: '',
      message:
        'The company UUID is missing. Add a line such as "Client_UUID: 79840cd9-5989-4675-a254-3cdd0deeb178".',
    }
  if (!UUID_RE.test(value))
    return {
      field: 'companyUuid',
      value: value.slice(0, 60),
      message: `The company UUID "${value.slice(0, 60)}" is not well-formed: it must be 8-4-4-4-12 hexadecimal digits (0-9, a-f). Ask the customer to copy it again from the Company Request Token tool.`,
    }
  return null
}

/** Validates a request token's shape (not whether Concur accepts it); null when plausible. */
export function checkRequestToken(value: string | undefined): FieldError | null {
  if (value === undefined || value === '')
    return {
      field: 'requestToken',
      value: '',
      message:
        'The request token is missing. Add a line such as "Request_Token: at-…" with the token from Concur.',
    }
  const masked = maskToken(value)
  if (/\s/.test(value))
    return {
      field: 'requestToken',
      value: masked,
      message: `The request token ${masked} contains spaces. Paste it again as one unbroken string.`,
    }
  const plausible =
    TOKEN_CHARS_RE.test(value) &&
    ((/^at-/i.test(value) && value.length >= MIN_AT_TOKEN_LENGTH) ||
      JWT_LIKE_RE.test(value) ||
      value.length >= MIN_BARE_TOKEN_LENGTH)
  if (!plausible)
    return {
      field: 'requestToken',
      value: masked,
      message: `The request token ${masked} does not look like a Concur request token (expected "at-…" or a long string without spaces). Ask the customer to copy it again.`,
    }
  return null
}

/** Parses pasted text into token blocks with field-level errors. Never throws. */
export function parseTokenPaste(text: string): TokenPasteBlock[] {
  const lines = toLines(text)
  const drafts = collectBlocks(lines)
  if (drafts.length === 0) {
    if (text.trim() === '') return []
    return [
      {
        index: 0,
        lines: [1, lines.length],
        outtaskId: null,
        companyUuid: null,
        requestToken: null,
        tokenPreview: null,
        errors: [
          {
            field: 'block',
            value: '',
            message:
              'No Entity/Outtask ID, company UUID or request token was found. Paste the part of the Concur case that holds them, e.g. "Request_Token: at-…".',
          },
        ],
      },
    ]
  }
  return drafts.map((d, index) => {
    const errors = [
      checkOuttaskId(d.values.outtaskId),
      checkCompanyUuid(d.values.companyUuid),
      checkRequestToken(d.values.requestToken),
    ].filter((e): e is FieldError => e !== null)
    const token = d.values.requestToken || null
    return {
      index,
      lines: [d.start + 1, d.end + 1],
      outtaskId: d.values.outtaskId || null,
      companyUuid: d.values.companyUuid || null,
      requestToken: token,
      tokenPreview: token ? maskToken(token) : null,
      errors,
    }
  })
}
