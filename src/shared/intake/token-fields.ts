/**
 * Finding `label: value` pairs on one line of a paste, and reading the value after a label.
 *
 * Labels: the desk's own (`Entity/Outtask ID`, `Client_UUID`, `Request_Token`) and the variants
 * people write (Company UUID, Company Request Token, Auth Token, Outtask ID, Entity ID), any case,
 * followed by `:`, `=`, `|` or a table cell's tab, optionally with a note in brackets
 * ("Company UUID (Client_UUID):"). Bare `token`/`uuid`/`outtask` count only at the start of a line,
 * so prose such as "the token: see below" does not start a block.
 *
 * Every scan is linear: one sticky-free global regex over the line (checked by
 * eslint-plugin-regexp), and loops instead of regexes for trimming.
 */

/** The three fields of a request-token block. */
export type Field = 'outtaskId' | 'companyUuid' | 'requestToken'

/** A value read after a label. */
export type PickedValue = {
  /** The value, cleaned of surrounding decoration ('' when there was nothing). */
  value: string
  /** What was removed around it, in words ('' when nothing): "quotes", "brackets and a full stop". */
  removedAround: string
  /** A template placeholder such as `<the company request token>` rather than a value. */
  isPlaceholder: boolean
}

/** One label found on a line. */
export type FoundLabel = { field: Field; label: string; start: number; valueStart: number }

/**
 * Groups: 1 Outtask ID labels, 2 UUID labels, 3 token labels; 4-6 the bare words that count only
 * at the start of a line. A label follows the line start, a space or `"'(*,:;<>[|` (a colon, so that
 * `Request_Token:Client_UUID: …` is two labels, not a token named after a label).
 */
const LABEL_RE =
  /(?<![^\s"'(*,:;<>[|])(?:(entity\s*[/\\|]\s*outtask[\s_-]*id|outtask[\s_-]*id|entity[\s_-]*id)|((?:client|company)[\s_-]*uuid)|((?:company[\s_-]*)?(?:request|auth)[\s_-]*token)|(outtask)|(uuid)|(token))/gi
const GROUP_FIELDS: ReadonlyArray<Field> = ['outtaskId', 'companyUuid', 'requestToken']

/** Characters that can end a label and begin its value. */
const SEPARATORS = new Set([':', '=', '|', '\uff1a'])
const OPENERS = new Set(['`', "'", '"', '“', '”', '‘', '’', '„', '«', '»', '<', '[', '(', '*'])
const CLOSERS = new Set(['`', "'", '"', '“', '”', '‘', '’', '»', '«', '>', ']', ')', '*'])
const TRAILING = new Set([',', ';', ':', '.', '!', '?'])
const QUOTES = new Set(['`', "'", '"', '“', '”', '‘', '’', '„', '«', '»'])

/** Characters a quoted, bulleted or emphasised line can start with. */
const LINE_DECORATION = new Set([' ', '\t', '>', '*', '-', '•', '_'])

/** The longest bracketed note between a label and its separator. */
const MAX_LABEL_NOTE = 40

/** Removes e-mail quoting (`>`, `> >`, `>>`), list bullets and markdown emphasis from a line start. */
export function unquote(line: string): string {
  const first = line[0]
  if (first === undefined || !LINE_DECORATION.has(first)) return line
  return line
    .replace(/^\s*(?:>\s*)+/, '')
    .replace(/^\s*(?:[*\-•]\s+)?/, '')
    .replace(/^[*_]+(?=\S)/, '')
}

/** Where the value after a label starts, or -1 when no separator follows (then it is not a label). */
function separatorEnd(line: string, from: number): number {
  let j = from
  let sawTab = false
  const skipBlanks = (): void => {
    for (; j < line.length; j++) {
      const ch = line[j]
      if (ch === '\t') sawTab = true
      else if (ch !== ' ' && ch !== '*') break
    }
  }
  skipBlanks()
  if (line[j] === '(') {
    const close = line.indexOf(')', j)
    if (close !== -1 && close - j <= MAX_LABEL_NOTE) {
      j = close + 1
      skipBlanks()
    }
  }
  if (SEPARATORS.has(line[j] ?? '')) return j + 1
  return sawTab ? j : -1
}

/** Every label on one (already unquoted) line, in order, each with where its value starts. */
export function labelsOnLine(line: string): FoundLabel[] {
  const found: FoundLabel[] = []
  LABEL_RE.lastIndex = 0
  for (let m = LABEL_RE.exec(line); m; m = LABEL_RE.exec(line)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined)
    if (group >= 4 && m.index !== 0) continue
    const valueStart = separatorEnd(line, m.index + m[0].length)
    if (valueStart === -1) continue
    const field = GROUP_FIELDS[(group - 1) % 3] ?? 'requestToken'
    found.push({ field, label: m[0], start: m.index, valueStart })
    LABEL_RE.lastIndex = Math.max(LABEL_RE.lastIndex, valueStart)
  }
  return found
}

function describeRemoved(kinds: Set<string>): string {
  const order = ['quotes', 'brackets', 'asterisks', 'trailing punctuation']
  const list = order.filter((k) => kinds.has(k))
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1) ?? ''}`
}

function kindOf(ch: string): string {
  if (QUOTES.has(ch)) return 'quotes'
  if (ch === '*') return 'asterisks'
  if (TRAILING.has(ch)) return 'trailing punctuation'
  return 'brackets'
}

/** Strips decoration people add around values: quotes, brackets, markdown, trailing punctuation. */
export function cleanValue(raw: string): { value: string; removed: Set<string> } {
  const removed = new Set<string>()
  let start = 0
  let end = raw.length
  const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t'
  for (let changed = true; changed;) {
    changed = false
    while (start < end && isSpace(raw[start])) start++
    while (end > start && isSpace(raw[end - 1])) end--
    // `_` and `-` are base64url characters a token may start or end with: never strip them.
    while (start < end && OPENERS.has(raw[start] ?? '')) {
      removed.add(kindOf(raw[start] ?? ''))
      start++
      changed = true
    }
    while (end > start && (CLOSERS.has(raw[end - 1] ?? '') || TRAILING.has(raw[end - 1] ?? ''))) {
      removed.add(kindOf(raw[end - 1] ?? ''))
      end--
      changed = true
    }
  }
  return { value: raw.slice(start, end), removed }
}

/** Splits on spaces and tabs. */
function words(text: string): string[] {
  return text.split(/[\t ]+/).filter(Boolean)
}

const GENERIC_PLACEHOLDER = /^(?:the\s)?(?:company\s)?(?:request[\s_]?)?(?:token|uuid|id|value)$/i

/** `<the company request token>`, `[token]`: a template's placeholder, not a value. */
function isPlaceholder(text: string): boolean {
  const t = text.trim()
  const open = t[0]
  const close = open === '<' ? '>' : open === '[' ? ']' : null
  if (!close) return false
  const end = t.indexOf(close)
  if (end === -1) return false
  const inner = t.slice(1, end)
  return inner.includes(' ') || GENERIC_PLACEHOLDER.test(inner)
}

const TOKEN_CHARS = /^[A-Za-z0-9._~+/=-]+$/
const TOKEN_MATERIAL = /[0-9._~+/=-]/

/** A second word that is plausibly the rest of a token broken by a space (not prose). */
function isTokenMaterial(word: string): boolean {
  return TOKEN_CHARS.test(word) && (TOKEN_MATERIAL.test(word) || word.length >= 8)
}

/**
 * The value of a field from the text after its label. Only the first word counts, so prose on the
 * same line ("110034 for the EMEA entity") is ignored; but a token followed by one more run of token
 * material is kept whole, so that a token broken by a space is reported instead of cut short.
 */
export function pickValue(field: Field, raw: string): PickedValue {
  if (isPlaceholder(raw)) return { value: '', removedAround: '', isPlaceholder: true }
  const whole = cleanValue(raw)
  const all = words(whole.value)
  const first = cleanValue(all[0] ?? '')
  const removed = new Set([...first.removed, ...(all.length === 1 ? whole.removed : [])])
  let value = first.value
  if (field === 'requestToken' && all.length === 2) {
    const second = cleanValue(all[1] ?? '').value
    if (isTokenMaterial(second) && isTokenMaterial(value)) value = `${value} ${second}`
  }
  return { value, removedAround: describeRemoved(removed), isPlaceholder: false }
}

/** A word of prose rather than a value ("Thanks", "Regards,", "below:"). */
function isProse(word: string): boolean {
  return /^[A-Za-z]+[!,.:;?]?$/.test(word) && (word.length < SHORT_PROSE || /[!,.:;?]$/.test(word))
}
const SHORT_PROSE = 20

/**
 * The value for an empty label from the line right below it, or null when that line is not one:
 * blank, more than one word (prose), or a word that cannot be that field's value.
 */
export function valueOnNextLine(field: Field, line: string): PickedValue | null {
  if (isPlaceholder(line)) return { value: '', removedAround: '', isPlaceholder: true }
  const all = words(cleanValue(line).value)
  if (all.length !== 1) return null
  const picked = pickValue(field, line)
  const v = picked.value
  if (!v) return null
  if (field === 'outtaskId' && !/\d/.test(v)) return null
  if (field === 'companyUuid' && !/[0-9a-f]{4}/i.test(v)) return null
  if (field === 'requestToken' && isProse(all[0] ?? '')) return null
  return picked
}

/**
 * Whether `line` continues a token wrapped by a mail client: directly below the token (the caller
 * checks that), one run of token characters, no label, and token material (a digit or one of
 * `-_.~+/=`, or 16+ characters), with at least one letter or digit. Prose such as "Thanks",
 * "Regards," or the signature separator "--" never qualifies; the masked
 * preview lets staff check the result.
 */
export function isTokenContinuation(line: string): boolean {
  const t = line.trim()
  // A line of only punctuation ("--", the signature separator) never continues a token.
  if (!t || !TOKEN_CHARS.test(t) || !/[A-Za-z0-9]/.test(t) || labelsOnLine(t).length > 0) return false
  return TOKEN_MATERIAL.test(t) || t.length >= 16
}
