/**
 * Metamorphic properties of the paste parser: a well-formed paste, changed in ways that do not
 * change what a reader sees (wrapped in HTML, e-mail quoted, interleaved with prose, sprinkled
 * with invisible marks, spaces turned into no-break spaces, CRLF or CR-only line ends, the whole
 * paste duplicated), parses to the same fields.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { atTokenArb, jwtTokenArb, labelArbs, outtaskArb, uuidArb } from './paste-arbitraries.test-helper'
import { parseTokenPaste } from './token-parser'

const RUNS = 2500

const uuid = uuidArb
const token = fc.oneof(atTokenArb, jwtTokenArb)
const outtask = outtaskArb
const labels = labelArbs
const sep = fc.constantFrom(': ', ':', ' = ', '=', ':\t', ': ')

type Block = { outtaskId: string; companyUuid: string; requestToken: string }

const blockLines = fc
  .record({
    outtaskId: outtask,
    companyUuid: uuid,
    requestToken: token,
    names: fc.tuple(labels.outtaskId, labels.companyUuid, labels.requestToken),
    seps: fc.tuple(sep, sep, sep),
    order: fc.constantFrom([0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1], [0, 2, 1]),
  })
  .map((b) => {
    const values = [b.outtaskId, b.companyUuid, b.requestToken]
    const block: Block = { outtaskId: b.outtaskId, companyUuid: b.companyUuid, requestToken: b.requestToken }
    return { block, lines: b.order.map((i) => `${b.names[i]}${b.seps[i]}${values[i]}`) }
  })

/** Lines that hold no label and are not token material. */
const prose = fc.constantFrom(
  'Hello team,',
  'Please find the token below.',
  'Kind regards,',
  'The token follows.',
  '--',
  'Thanks',
  '',
  'SAP Concur Support',
)

const INVISIBLE = [
  '\u200e',
  '\u200f',
  '\u200b',
  '\u2066',
  '\u2069',
  '\u202a',
  '\u202c',
  '\ufeff',
  '\u00ad',
  '\u2060',
]

/** One way of changing a paste without changing what it says. */
type Change =
  | { kind: 'prose'; lines: string[] }
  | { kind: 'invisible'; at: number[]; chars: string[] }
  | { kind: 'nbsp' }
  | { kind: 'quote'; prefix: string }
  | { kind: 'html'; style: 'div' | 'br' | 'outlook' | 'table' | 'p-entities' }
  | { kind: 'eol'; eol: '\r\n' | '\r' }
  | { kind: 'duplicate' }

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.array(prose, { minLength: 1, maxLength: 4 }).map((lines) => ({ kind: 'prose' as const, lines })),
  fc
    .record({
      at: fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 8 }),
      chars: fc.array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 8 }),
    })
    .map((r) => ({ kind: 'invisible' as const, ...r })),
  fc.constant({ kind: 'nbsp' as const }),
  fc.constantFrom('> ', '>> ', '> > ', '>').map((prefix) => ({ kind: 'quote' as const, prefix })),
  fc
    .constantFrom('div' as const, 'br' as const, 'outlook' as const, 'table' as const, 'p-entities' as const)
    .map((style) => ({ kind: 'html' as const, style })),
  fc.constantFrom('\r\n' as const, '\r' as const).map((eol) => ({ kind: 'eol' as const, eol })),
  fc.constant({ kind: 'duplicate' as const }),
)

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function toHtml(lines: string[], style: Extract<Change, { kind: 'html' }>['style']): string {
  const e = lines.map(escapeHtml)
  switch (style) {
    case 'div':
      return `<div dir="ltr">${e.map((l) => (l ? `<div>${l}</div>` : '<div><br></div>')).join('')}</div>`
    case 'br':
      return `<html><body>${e.join('<br>\n')}</body></html>`
    case 'outlook':
      return `<html><head><style>p.MsoNormal{margin:0}</style></head><body>${e
        .map((l) => `<p class=MsoNormal><span lang=EN-US>${l || '&nbsp;'}<o:p></o:p></span></p>`)
        .join('\n')}</body></html>`
    case 'table':
      return `<table>${e.map((l) => `<tr><td>${l}</td></tr>`).join('')}</table>`
    case 'p-entities':
      return e.map((l) => `<p>${l.replaceAll(':', '&#58;').replaceAll(' ', '&nbsp;')}</p>`).join('\n')
  }
}

/** Applies the changes in a fixed order (text changes, then quoting, then HTML or line ends). */
function apply(lines: string[], changes: Change[]): string {
  let out = [...lines]
  const has = <K extends Change['kind']>(k: K): Extract<Change, { kind: K }> | undefined =>
    changes.find((c): c is Extract<Change, { kind: K }> => c.kind === k)
  const p = has('prose')
  if (p) out = out.flatMap((l, i) => [l, p.lines[i % p.lines.length] ?? ''])
  const inv = has('invisible')
  if (inv) {
    let text = out.join('\n')
    for (const [k, at] of inv.at.entries()) {
      const pos = at % (text.length + 1)
      text = text.slice(0, pos) + (inv.chars[k % inv.chars.length] ?? '') + text.slice(pos)
    }
    out = text.split('\n')
  }
  if (has('nbsp')) out = out.map((l) => l.replaceAll(' ', '\u00a0'))
  const q = has('quote')
  if (q) out = out.map((l) => q.prefix + l)
  const html = has('html')
  let text = html ? toHtml(out, html.style) : out.join(has('eol')?.eol ?? '\n')
  if (has('duplicate')) text = `${text}\n\n${text}`
  return text
}

describe('parseTokenPaste metamorphic properties', () => {
  it('reads the same fields whatever the paste was wrapped in', () => {
    fc.assert(
      fc.property(
        fc.array(blockLines, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(change, { minLength: 1, maxLength: 4, selector: (c) => c.kind }),
        (blocks, changes) => {
          const lines = blocks.flatMap((b) => [...b.lines, ''])
          const text = apply(lines, changes)
          const expected = blocks.map((b) => b.block)
          const times = changes.some((c) => c.kind === 'duplicate') ? 2 : 1
          const parsed = parseTokenPaste(text)
          expect(
            parsed.map((p) => ({
              outtaskId: p.outtaskId,
              companyUuid: p.companyUuid,
              requestToken: p.requestToken,
              errors: p.errors.map((e) => e.message),
            })),
          ).toEqual(Array.from({ length: times }, () => expected.map((b) => ({ ...b, errors: [] }))).flat())
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('never throws and answers with named fields on arbitrary HTML-ish text', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<div>',
        '</div>',
        '<br>',
        '<p>',
        '&nbsp;',
        '&#58;',
        '&',
        '<',
        '>',
        '\u200e',
        '\r',
        '\n',
      ),
      fc.constantFrom('Request_Token:', 'Client_UUID:', 'Entity/Outtask ID:', '> ', '<td>', '</tr>'),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        for (const b of parseTokenPaste(parts.join(''))) {
          for (const e of b.errors)
            expect(['outtaskId', 'companyUuid', 'requestToken', 'block']).toContain(e.field)
          if (b.requestToken && b.requestToken.length > 12 && /\d/.test(b.requestToken))
            for (const e of b.errors) expect(e.message).not.toContain(b.requestToken)
        }
      }),
      { numRuns: RUNS },
    )
  })
})
