import { describe, expect, it } from 'vitest'
import { adversarialPastes } from './adversarial-pastes.test-helper'
import { MAX_PASTE_CHARS } from './paste-text'
import { MAX_BLOCKS, parseTokenPaste } from './token-parser'

// The benchmark (bench/intake-bench.ts) times these inputs; here only the answers are checked.
describe('parseTokenPaste on worst-case pastes of the largest size', () => {
  it.each(adversarialPastes(MAX_PASTE_CHARS).map((p) => [p.name, p.text] as const))(
    'answers %s',
    (_, text) => {
      expect(text).toHaveLength(MAX_PASTE_CHARS)
      const blocks = parseTokenPaste(text)
      expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS + 1)
      for (const b of blocks) {
        expect(b.lines[0]).toBeLessThanOrEqual(b.lines[1])
        for (const e of b.errors) expect(e.message.length).toBeLessThan(1000)
      }
    },
  )

  it('reads the first 500 blocks of a paste with more, and says what it left out', () => {
    const blocks = parseTokenPaste(
      adversarialPastes(MAX_PASTE_CHARS).find((p) => p.name === 'many blocks')!.text,
    )
    expect(blocks).toHaveLength(MAX_BLOCKS + 1)
    expect(blocks.slice(0, MAX_BLOCKS).every((b) => b.errors.length === 0)).toBe(true)
    expect(blocks[MAX_BLOCKS]?.errors[0]?.message).toContain('more than 500 token blocks')
    expect(blocks[MAX_BLOCKS]?.errors[0]?.message).toContain('Paste one e-mail at a time')
  })

  it('refuses one character more than the limit with the size message, without reading it', () => {
    const [b] = parseTokenPaste('x'.repeat(MAX_PASTE_CHARS + 1))
    expect(b?.errors[0]?.message).toContain('200,001 characters long')
  })
})
