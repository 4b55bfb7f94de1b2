/**
 * The first step of reading a paste: from whatever was pasted (plain text, e-mail quoting, HTML)
 * to plain lines the field parser can read, remembering what was changed so the preview can say so.
 *
 * - HTML (at least one known tag) is converted to the text a reader sees (`html-paste.ts`);
 *   plain text only has its entities decoded (`&#58;`, `&nbsp;` from a ticket system's export).
 * - Line ends: CRLF, LF, CR alone (old Mac mail), U+2028/U+2029, NEL, vertical tab, form feed.
 * - Invisible format characters are removed and counted per line (`invisible-chars.ts`).
 * - No-break and other odd spaces become plain spaces; tabs stay (they separate table cells).
 *
 * Every step is one linear pass; the size limit is checked before any of them.
 */
import { decodeHTMLStrict } from 'entities'
import { htmlToText, looksLikeHtml } from './html-paste'
import { invisibleKind, type InvisibleCounts } from './invisible-chars'

/** The longest paste the desk reads (one e-mail with its quoted history is far shorter). */
export const MAX_PASTE_CHARS = 200_000

/** The longest text a request may carry at all; between the two the parser explains the limit. */
export const MAX_PASTE_TRANSPORT_CHARS = 1_000_000

/** What to tell someone whose paste is longer than the desk reads. */
export function pasteTooBigMessage(length: number): string {
  const n = (v: number): string => v.toLocaleString('en-US')
  return `The pasted text is ${n(length)} characters long; the desk reads at most ${n(MAX_PASTE_CHARS)} characters at a time. Paste one e-mail at a time.`
}

/** A paste as plain lines, with where each line came from and what was removed from it. */
export type PasteLines = {
  lines: string[]
  /** 1-based line of the original paste for each line (differs from the index for HTML). */
  sourceLineOf: (index: number) => number
  /** Invisible characters removed, by line index (only lines that had any). */
  invisible: ReadonlyMap<number, InvisibleCounts>
  isHtml: boolean
}

const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029
}

/**
 * Splits on every kind of line end (CRLF counts once) and removes invisible characters, counting
 * them per line. One pass over the text, no regular expression.
 */
export function splitLines(text: string): { lines: string[]; invisible: Map<number, InvisibleCounts> } {
  const lines: string[] = []
  const invisible = new Map<number, InvisibleCounts>()
  let line = ''
  let keptFrom = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (isLineBreak(c)) {
      lines.push(line + text.slice(keptFrom, i))
      line = ''
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++
      keptFrom = i + 1
      continue
    }
    const kind = c < 0x20 || c >= 0x7f ? invisibleKind(c) : null
    if (!kind) continue
    line += text.slice(keptFrom, i)
    keptFrom = i + 1
    const counts = invisible.get(lines.length) ?? {}
    counts[kind] = (counts[kind] ?? 0) + 1
    invisible.set(lines.length, counts)
  }
  lines.push(line + text.slice(keptFrom))
  return { lines, invisible }
}

/** Reads a paste into plain lines. Call only for texts within MAX_PASTE_CHARS. */
export function readPaste(text: string): PasteLines {
  const isHtml = looksLikeHtml(text)
  let plain = text
  let htmlSourceLines: number[] | null = null
  if (isHtml) {
    const converted = htmlToText(text)
    plain = converted.text
    htmlSourceLines = converted.sourceLines
  } else if (text.includes('&')) {
    plain = decodeHTMLStrict(text)
  }
  const { lines, invisible } = splitLines(plain.replace(ODD_SPACES, ' '))
  const sourceLineOf = htmlSourceLines
    ? (i: number): number => htmlSourceLines[Math.min(i, htmlSourceLines.length - 1)] ?? 1
    : (i: number): number => i + 1
  return { lines, sourceLineOf, invisible, isHtml }
}
