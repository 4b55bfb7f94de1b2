import { describe, expect, it } from 'vitest'
import { nextRowIndex } from '../../lib/row-keys'
import { shortcutFor } from './shortcuts'

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('shortcutFor', () => {
  it('maps the single keys when not typing and they are on', () => {
    expect(shortcutFor(key('p'), false, true)).toEqual({
      kind: 'go',
      route: { screen: 'tokens' },
      focus: '#paste-text',
    })
    expect(shortcutFor(key('/'), false, true)).toEqual({ kind: 'search' })
    expect(shortcutFor(key('?', { shiftKey: true }), false, true)).toEqual({ kind: 'help' })
    expect(shortcutFor(key('x'), false, true)).toBeNull()
  })

  it('leaves single keys to the field being typed in, and to the user who turned them off', () => {
    expect(shortcutFor(key('p'), true, true)).toBeNull()
    expect(shortcutFor(key('p'), false, false)).toBeNull()
    expect(shortcutFor(key('p', { ctrlKey: true }), false, true)).toBeNull()
  })

  it('submits with Ctrl+Enter (or Cmd+Enter) everywhere, also while typing', () => {
    expect(shortcutFor(key('Enter', { ctrlKey: true }), true, false)).toEqual({ kind: 'submit' })
    expect(shortcutFor(key('Enter', { metaKey: true }), false, true)).toEqual({ kind: 'submit' })
    expect(shortcutFor(key('Enter'), true, true)).toBeNull()
  })
})

describe('nextRowIndex', () => {
  it('moves within the rows and stops at the ends', () => {
    expect(nextRowIndex('ArrowDown', 0, 3)).toBe(1)
    expect(nextRowIndex('ArrowDown', 2, 3)).toBe(2)
    expect(nextRowIndex('ArrowUp', 0, 3)).toBe(0)
    expect(nextRowIndex('End', 0, 3)).toBe(2)
    expect(nextRowIndex('Home', 2, 3)).toBe(0)
    expect(nextRowIndex('a', 1, 3)).toBeNull()
    expect(nextRowIndex('ArrowDown', 0, 0)).toBeNull()
  })
})
