/**
 * Parses what support staff paste from a Concur case or e-mail into request-token blocks.
 *
 * Pure: the main process runs it for the live preview and again on submit (the renderer is never
 * trusted with the decision). The steps, each in its own file:
 * 1. `paste-text.ts`: size limit, HTML → text, entities, line ends, invisible characters, odd spaces;
 * 2. `token-fields.ts`: labels and values on each line (e-mail quoting, markdown, tables, notes);
 * 3. here: lines → blocks (a field seen twice starts the next block; an empty label takes the value
 *    from the line right below only when that line can be one; a token wrapped by a mail client is
 *    joined), and the quoted case request's template is dropped when the real answer is there too;
 * 4. `field-checks.ts`: the documented rules per field, with errors, warnings and notes.
 *
 * Linear in the length of the paste (see `bench/intake-bench.ts`).
 */
import type { FieldError, FieldNotice } from '../model'
import { checkCompanyUuid, checkOuttaskId, checkRequestToken, maskToken, type RawField } from './field-checks'
import { addCounts, describeInvisible, totalCount, type InvisibleCounts } from './invisible-chars'
import { MAX_PASTE_CHARS, pasteTooBigMessage, readPaste, type PasteLines } from './paste-text'
import {
  isTokenContinuation,
  labelsOnLine,
  pickValue,
  unquote,
  valueOnNextLine,
  type Field,
  type PickedValue,
} from './token-fields'

export { maskToken } from './field-checks'

/** One block of token fields found in the pasted text. Holds the raw token: main-process use only. */
export type TokenPasteBlock = {
  index: number
  /** 1-based line range of the block in the pasted text. */
  lines: [number, number]
  outtaskId: string | null
  /** Normalised (lower case, 8-4-4-4-12) when well-formed; as pasted otherwise. */
  companyUuid: string | null
  /** The raw request token; never send it to the UI or a log (use `tokenPreview`). */
  requestToken: string | null
  tokenPreview: string | null
  errors: FieldError[]
  warnings: FieldNotice[]
  notes: FieldNotice[]
}

type Draft = {
  start: number
  end: number
  fields: Partial<Record<Field, RawField>>
  /** The line holding the end of the token, while a wrapped continuation may still follow. */
  tokenLine: number | null
  /** A label with nothing after it, waiting for the line right below. */
  awaiting: { field: Field; line: number } | null
  /** Notes added while assembling (a skipped template). */
  notes: FieldNotice[]
  /** Lines joined to the token because a mail client had wrapped it (first and last index). */
  joined: [number, number] | null
}

function rawField(picked: PickedValue, line: number, label: string): RawField {
  return {
    value: picked.value,
    removedAround: picked.removedAround,
    line,
    label: label.trim(),
    isPlaceholder: picked.isPlaceholder,
  }
}

/** The most blocks one paste yields (what one submit takes); the rest get one block-level error. */
export const MAX_BLOCKS = 500

/** Splits the lines into blocks of fields; stops after MAX_BLOCKS + 1 (the +1 says "too many"). */
function collectBlocks(lines: readonly string[], lineNo: (i: number) => number): Draft[] {
  const drafts: Draft[] = []
  let cur: Draft | null = null
  for (let i = 0; i < lines.length && drafts.length <= MAX_BLOCKS; i++) {
    const line = unquote(lines[i] ?? '')
    const labels = labelsOnLine(line)
    if (labels.length === 0) {
      const awaiting: Draft['awaiting'] = cur?.awaiting ?? null
      if (cur && awaiting) {
        cur.awaiting = null
        const picked = awaiting.line === i - 1 ? valueOnNextLine(awaiting.field, line) : null
        if (picked) {
          const label = cur.fields[awaiting.field]?.label ?? ''
          cur.fields[awaiting.field] = rawField(picked, lineNo(i), label)
          cur.end = i
          cur.tokenLine = awaiting.field === 'requestToken' ? i : null
          continue
        }
      }
      const token = cur?.fields.requestToken
      if (cur && token?.value && cur.tokenLine === i - 1 && isTokenContinuation(line)) {
        token.value += line.trim()
        cur.tokenLine = i
        cur.end = i
        cur.joined = [cur.joined?.[0] ?? i, i]
      } else if (cur) cur.tokenLine = null
      continue
    }
    for (const [k, label] of labels.entries()) {
      if (!cur || cur.fields[label.field] !== undefined) {
        cur = { start: i, end: i, fields: {}, tokenLine: null, awaiting: null, notes: [], joined: null }
        drafts.push(cur)
        if (drafts.length > MAX_BLOCKS) break
      }
      const next = labels[k + 1]
      const picked = pickValue(label.field, line.slice(label.valueStart, next?.start ?? line.length))
      cur.fields[label.field] = rawField(picked, lineNo(i), label.label)
      cur.end = i
      const isLast = next === undefined
      cur.awaiting =
        isLast && picked.value === '' && !picked.isPlaceholder ? { field: label.field, line: i } : null
      cur.tokenLine = isLast && label.field === 'requestToken' && picked.value ? i : null
    }
  }
  return drafts
}

/**
 * An Outlook reply quotes the desk's own case request below the answer; its block holds the
 * template's `<the company request token>`. Drop such a block when another block of the paste has
 * a real token for the same entity, and say so on that block.
 */
function dropQuotedTemplates(drafts: Draft[], lineNo: (i: number) => number): Draft[] {
  const isTemplate = (d: Draft): boolean => d.fields.requestToken?.isPlaceholder === true
  const real = drafts.filter((d) => !isTemplate(d) && d.fields.requestToken?.value)
  return drafts.filter((d) => {
    if (!isTemplate(d)) return true
    const answer = real.find(
      (r) =>
        (d.fields.outtaskId?.value && r.fields.outtaskId?.value === d.fields.outtaskId.value) ||
        (d.fields.companyUuid?.value &&
          r.fields.companyUuid?.value?.toLowerCase() === d.fields.companyUuid.value.toLowerCase()),
    )
    if (!answer) return true
    answer.notes.push({
      field: 'block',
      message: `Skipped lines ${lineNo(d.start)}–${lineNo(d.end)}: the quoted case request with its template, not a token.`,
    })
    return false
  })
}

/** A block without fields, for a complaint about the whole paste. */
function blockError(index: number, lines: [number, number], message: string): TokenPasteBlock {
  return {
    index,
    lines,
    outtaskId: null,
    companyUuid: null,
    requestToken: null,
    tokenPreview: null,
    errors: [{ field: 'block', value: '', message }],
    warnings: [],
    notes: [],
  }
}

const NOTHING_FOUND =
  'No Entity/Outtask ID, company UUID or request token was found. Paste the part of the Concur case that holds them, e.g. "Request_Token: at-…" (each value after its label).'

const HTML_NOTE =
  'Read as HTML (a web mail or ticket-system copy): tags removed, entities such as &nbsp; turned into text.'

/** Parses pasted text into token blocks with field-level errors, warnings and notes. Never throws. */
export function parseTokenPaste(text: string): TokenPasteBlock[] {
  if (text.length > MAX_PASTE_CHARS) return [blockError(0, [1, 1], pasteTooBigMessage(text.length))]
  const paste = readPaste(text)
  const lineNo = paste.sourceLineOf
  const lastLine = lineNo(paste.lines.length - 1)
  const collected = collectBlocks(paste.lines, lineNo)
  const firstLeftOut = collected.length > MAX_BLOCKS ? collected.splice(MAX_BLOCKS)[0] : undefined
  const drafts = dropQuotedTemplates(collected, lineNo)
  if (drafts.length === 0) return text.trim() === '' ? [] : [blockError(0, [1, lastLine], NOTHING_FOUND)]
  const blocks = drafts.map((d, index) => toBlock(d, index, paste))
  if (firstLeftOut) {
    const from = lineNo(firstLeftOut.start)
    blocks.push(
      blockError(
        blocks.length,
        [from, lastLine],
        `This paste holds more than ${MAX_BLOCKS} token blocks; the desk read the first ${MAX_BLOCKS} (up to line ${from - 1}). Paste one e-mail at a time.`,
      ),
    )
  }
  return blocks
}

/** Checks a draft's fields and gathers what the preview says about them. */
function toBlock(d: Draft, index: number, paste: PasteLines): TokenPasteBlock {
  const lineNo = paste.sourceLineOf
  const outtask = checkOuttaskId(d.fields.outtaskId)
  const uuid = checkCompanyUuid(d.fields.companyUuid)
  const token = checkRequestToken(d.fields.requestToken, uuid.error ? null : uuid.value)
  const checks = [outtask, uuid, token]
  const notes: FieldNotice[] = paste.isHtml ? [{ field: 'block', message: HTML_NOTE }] : []
  const invisible: InvisibleCounts = {}
  for (let i = d.start; i <= d.end; i++) addCounts(invisible, paste.invisible.get(i) ?? {})
  if (totalCount(invisible) > 0)
    notes.push({
      field: 'block',
      message: `Removed ${describeInvisible(invisible)} from lines ${lineNo(d.start)}–${lineNo(d.end)}: they are not part of any value.`,
    })
  if (d.joined) {
    const [from, to] = d.joined.map(lineNo)
    notes.push({
      field: 'requestToken',
      message: `Joined the request token with ${from === to ? `line ${from}` : `lines ${from}–${to}`}: a mail client had wrapped it.`,
    })
  }
  notes.push(...d.notes, ...checks.flatMap((c) => c.notes))
  const requestToken = token.value
  return {
    index,
    lines: [lineNo(d.start), lineNo(d.end)],
    outtaskId: outtask.value,
    companyUuid: uuid.value,
    requestToken,
    tokenPreview: requestToken ? maskToken(requestToken) : null,
    errors: checks.flatMap((c) => (c.error ? [c.error] : [])),
    warnings: checks.flatMap((c) => c.warnings),
    notes,
  }
}
