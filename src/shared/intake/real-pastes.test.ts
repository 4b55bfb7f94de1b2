import { describe, expect, it } from 'vitest'
import { REAL_PASTES } from './real-pastes.test-helper'
import { parseTokenPaste } from './token-parser'

describe('real-looking pastes', () => {
  it('covers every class of issue 11', () => {
    expect(new Set(REAL_PASTES.map((p) => p.kind))).toEqual(
      new Set([
        'web mail HTML',
        'ticket system HTML',
        'Outlook quoting',
        'Microsoft UUIDs',
        'short tokens',
        'bidi marks',
        'invisible characters',
        'empty labels',
        'huge pastes',
        'line ends',
        'tables',
      ]),
    )
  })

  it.each(REAL_PASTES)('reads $kind: $name', (paste) => {
    const blocks = parseTokenPaste(paste.text)
    expect(
      blocks.map((b) => ({
        outtaskId: b.outtaskId,
        companyUuid: b.companyUuid,
        token: b.requestToken,
        errors: b.errors.map((e) => e.field),
        warnings: b.warnings.map((w) => w.field),
      })),
    ).toEqual(
      paste.blocks.map((e) => ({
        outtaskId: e.outtaskId,
        companyUuid: e.companyUuid,
        token: e.token,
        errors: e.errors,
        warnings: e.warnings ?? [],
      })),
    )
    for (const [i, expected] of paste.blocks.entries()) {
      const notes = blocks[i]?.notes.map((n) => n.message).join('\n') ?? ''
      for (const words of expected.notes ?? []) expect(notes).toContain(words)
      const messages = blocks[i]?.errors.map((e) => e.message).join('\n') ?? ''
      for (const words of expected.messages ?? []) expect(messages).toContain(words)
    }
  })

  it('never puts a whole token into an error message or an error value', () => {
    for (const paste of REAL_PASTES)
      for (const b of parseTokenPaste(paste.text))
        if (b.requestToken && b.requestToken.length > 3)
          for (const e of b.errors) {
            expect(e.message).not.toContain(b.requestToken)
            expect(e.value).not.toContain(b.requestToken)
          }
  })
})
