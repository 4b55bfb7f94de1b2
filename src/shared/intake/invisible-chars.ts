/**
 * Invisible characters in pasted text: format characters that mail clients, web pages and
 * right-to-left text editors leave behind (marks, embeddings, isolates, zero-width spaces, soft
 * hyphens, byte-order marks) and stray control characters. They cannot be part of an Outtask ID,
 * a UUID or a token, and nobody can see them, so the intake removes them before parsing and names
 * them in a note instead of complaining about "a character nobody can see".
 *
 * Classified one character code at a time (the paste reader strips while it splits lines), no
 * regular expression: linear whatever the input.
 */

/** The kinds of invisible character the intake removes, for counting and for the note. */
export type InvisibleKind =
  | 'ltr-mark'
  | 'rtl-mark'
  | 'bidi-embedding'
  | 'bidi-isolate'
  | 'zero-width-space'
  | 'zero-width-joiner'
  | 'word-joiner'
  | 'byte-order-mark'
  | 'soft-hyphen'
  | 'control'
  | 'other-format'

/** How many of each kind were removed. */
export type InvisibleCounts = Partial<Record<InvisibleKind, number>>

const NAMES: Record<InvisibleKind, [singular: string, plural: string]> = {
  'ltr-mark': ['left-to-right mark', 'left-to-right marks'],
  'rtl-mark': ['right-to-left mark', 'right-to-left marks'],
  'bidi-embedding': ['bidirectional embedding or override', 'bidirectional embeddings or overrides'],
  'bidi-isolate': ['bidirectional isolate', 'bidirectional isolates'],
  'zero-width-space': ['zero-width space', 'zero-width spaces'],
  'zero-width-joiner': ['zero-width joiner', 'zero-width joiners'],
  'word-joiner': ['word joiner', 'word joiners'],
  'byte-order-mark': ['byte-order mark', 'byte-order marks'],
  'soft-hyphen': ['soft hyphen', 'soft hyphens'],
  control: ['control character', 'control characters'],
  'other-format': ['invisible formatting character', 'invisible formatting characters'],
}

/** The kind of an invisible character, or null for a character to keep (tab, LF and CR are kept). */
export function invisibleKind(code: number): InvisibleKind | null {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d ? null : 'control'
  if (code < 0x7f) return null
  if (code <= 0x9f) return code === 0x85 ? null : 'control' // U+0085 (NEL) is a line break
  if (code === 0xad) return 'soft-hyphen'
  if (code === 0x034f || code === 0x061c || code === 0x180e) return 'other-format'
  if (code === 0x200b) return 'zero-width-space'
  if (code === 0x200c || code === 0x200d) return 'zero-width-joiner'
  if (code === 0x200e) return 'ltr-mark'
  if (code === 0x200f) return 'rtl-mark'
  if (code >= 0x202a && code <= 0x202e) return 'bidi-embedding'
  if (code === 0x2060) return 'word-joiner'
  if (code >= 0x2061 && code <= 0x2064) return 'other-format'
  if (code >= 0x2066 && code <= 0x2069) return 'bidi-isolate'
  if (code >= 0x206a && code <= 0x206f) return 'other-format'
  if (code === 0xfeff) return 'byte-order-mark'
  if (code >= 0xfff9 && code <= 0xfffb) return 'other-format'
  return null
}

/** Adds `more` into `into`. */
export function addCounts(into: InvisibleCounts, more: InvisibleCounts): void {
  for (const [kind, n] of Object.entries(more) as Array<[InvisibleKind, number]>)
    into[kind] = (into[kind] ?? 0) + n
}

/** The total of all kinds. */
export function totalCount(counts: InvisibleCounts): number {
  let n = 0
  for (const c of Object.values(counts)) n += c
  return n
}

/**
 * `3 invisible characters (left-to-right marks)` or, for several kinds,
 * `4 invisible characters (2 left-to-right marks, 1 zero-width space, 1 soft hyphen)`.
 */
export function describeInvisible(counts: InvisibleCounts): string {
  const kinds = (Object.entries(counts) as Array<[InvisibleKind, number]>).filter(([, n]) => n > 0)
  const total = kinds.reduce((sum, [, n]) => sum + n, 0)
  const what = (kind: InvisibleKind, n: number): string => NAMES[kind][n === 1 ? 0 : 1]
  const detail =
    kinds.length === 1
      ? what(kinds[0]![0], kinds[0]![1])
      : kinds.map(([kind, n]) => `${n} ${what(kind, n)}`).join(', ')
  return `${total} invisible character${total === 1 ? '' : 's'} (${detail})`
}
