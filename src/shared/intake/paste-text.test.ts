import { describe, expect, it } from 'vitest'
import { describeInvisible, invisibleKind } from './invisible-chars'
import { MAX_PASTE_CHARS, pasteTooBigMessage, readPaste, splitLines } from './paste-text'

describe('splitLines', () => {
  it('splits on CRLF (once), LF, CR alone, U+2028/U+2029, NEL, vertical tab and form feed', () => {
    expect(splitLines('a\r\nb\nc\rd\u2028e\u2029f\u0085g\vh\fi').lines).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
    ])
  })

  it('removes invisible characters and counts them on the line they were on', () => {
    const { lines, invisible } = splitLines('x\u200ey\n\u202b22\u202c\u200b\nplain')
    expect(lines).toEqual(['xy', '22', 'plain'])
    expect(invisible.get(0)).toEqual({ 'ltr-mark': 1 })
    expect(invisible.get(1)).toEqual({ 'bidi-embedding': 2, 'zero-width-space': 1 })
    expect(invisible.has(2)).toBe(false)
  })

  it('keeps tabs (table cells) and removes other control characters', () => {
    expect(splitLines('a\tb\u0000c\u0007\u009b').lines).toEqual(['a\tbc'])
  })
})

describe('readPaste', () => {
  it('decodes entities in plain text and turns odd spaces into spaces', () => {
    const p = readPaste('Request_Token&#58;\u00a0at-1\u2009x &amp; y')
    expect(p.isHtml).toBe(false)
    expect(p.lines).toEqual(['Request_Token: at-1 x & y'])
  })

  it('reads HTML as text and keeps the source line of each line', () => {
    const p = readPaste('<p>a</p>\n\n<p>b&nbsp;c</p>')
    expect(p.isHtml).toBe(true)
    expect(p.lines.slice(0, 2)).toEqual(['a', 'b c'])
    expect([p.sourceLineOf(0), p.sourceLineOf(1)]).toEqual([1, 3])
  })

  it('strips an invisible character that an entity decoded to', () => {
    const p = readPaste('ID: 22&#8206;0415')
    expect(p.lines).toEqual(['ID: 220415'])
    expect(p.invisible.get(0)).toEqual({ 'ltr-mark': 1 })
  })
})

describe('pasteTooBigMessage', () => {
  it('says the size, the limit and what to do', () => {
    expect(pasteTooBigMessage(MAX_PASTE_CHARS + 1)).toBe(
      'The pasted text is 200,001 characters long; the desk reads at most 200,000 characters at a time. Paste one e-mail at a time.',
    )
  })
})

describe('invisible characters', () => {
  it('classifies the format characters people paste and keeps ordinary text', () => {
    expect(
      ['\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u200b', '\ufeff', '\u00ad'].map((c) =>
        invisibleKind(c.charCodeAt(0)),
      ),
    ).toEqual([
      'ltr-mark',
      'rtl-mark',
      'bidi-embedding',
      'bidi-embedding',
      'bidi-isolate',
      'bidi-isolate',
      'zero-width-space',
      'byte-order-mark',
      'soft-hyphen',
    ])
    for (const c of ['a', 'ä', '日', '-', ' ', '\t', '\n']) expect(invisibleKind(c.charCodeAt(0))).toBeNull()
  })

  it('names them in words, with counts when there are several kinds', () => {
    expect(describeInvisible({ 'ltr-mark': 3 })).toBe('3 invisible characters (left-to-right marks)')
    expect(describeInvisible({ 'rtl-mark': 1 })).toBe('1 invisible character (right-to-left mark)')
    expect(describeInvisible({ 'ltr-mark': 2, 'soft-hyphen': 1 })).toBe(
      '3 invisible characters (2 left-to-right marks, 1 soft hyphen)',
    )
  })
})
