/**
 * Input strictness shared by every request schema in `contract.ts`:
 * - objects refuse unknown keys, so a typo in a script ("nmae") fails loudly instead of being
 *   dropped: `Unknown field "nmae" — did you mean "name"?`;
 * - free-text fields refuse what cannot be right in a name or an id: control characters,
 *   bidirectional embeddings, overrides and isolates (which make text display in another order
 *   than it is stored), and text made only of invisible characters. Marks (U+200E/U+200F) and
 *   joiners inside visible text stay allowed: right-to-left names and some scripts need them.
 */
import { z } from 'zod'
import { invisibleKind } from './intake/invisible-chars'

/** Edit distance (insert, delete, replace, swap of neighbours) between two short keys. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = d
    }
  return rows[a.length]![b.length]!
}

/** The known key `key` was most likely meant as (a typo or a case slip), or null. */
export function closestKey(key: string, known: readonly string[]): string | null {
  if (key.length > 64) return null
  let best: { key: string; distance: number } | null = null
  for (const k of known) {
    const distance = editDistance(key.toLowerCase(), k.toLowerCase())
    if (!best || distance < best.distance) best = { key: k, distance }
  }
  return best && best.distance <= Math.max(1, Math.floor(best.key.length / 3)) ? best.key : null
}

/** `Unknown field "nmae" — did you mean "name"?`, one sentence per unknown key. */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .slice(0, 5)
    .map((key) => {
      const shown = JSON.stringify(key.slice(0, 40))
      const guess = closestKey(key, known)
      return guess
        ? `Unknown field ${shown} — did you mean "${guess}"?`
        : `Unknown field ${shown}; the fields here are ${known.map((k) => `"${k}"`).join(', ')}.`
    })
    .join(' ')
}

/** A zod object that refuses unknown keys, naming each one and the field it was probably meant as. */
export function strictObject<S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const known = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined,
  })
}

const codePoint = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

/** What is wrong with `value` as a single-line free-text field called `label`, or null when fine. */
export function textProblem(value: string, label: string): string | null {
  let visible = false
  let position = 0
  for (const ch of value) {
    position++
    const code = ch.codePointAt(0) ?? 0
    const kind = invisibleKind(code)
    if (kind === 'control' || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x85)
      return `${label} contains a control character (${codePoint(ch)}) at position ${position}. Remove it: retype the text if it was pasted.`
    if (kind === 'bidi-embedding' || kind === 'bidi-isolate')
      return `${label} contains an invisible bidirectional override (${codePoint(ch)}) at position ${position}, which makes text display in another order than it is stored. Remove it.`
    if (!kind && ch.trim() !== '') visible = true
  }
  return value.length > 0 && !visible
    ? `${label} holds only invisible characters or spaces. Enter visible text.`
    : null
}

/**
 * A trimmed single-line text field named `label` in messages: at most `max` characters, at least
 * `min` (with `requiredMessage` when empty), refusing control characters, bidi overrides and
 * invisible-only text.
 */
export function safeText(label: string, options: { max: number; min?: number; requiredMessage?: string }) {
  const min = options.min ?? 0
  return z
    .string()
    .trim()
    .min(min, options.requiredMessage ?? `${label} must not be empty.`)
    .max(options.max, `${label} is at most ${options.max} characters long.`)
    .check((ctx) => {
      const problem = textProblem(ctx.value, label)
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
    })
}
