import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  closestKey,
  editDistance,
  safeText,
  strictObject,
  textProblem,
  unknownKeysMessage,
} from './input-rules'

describe('unknown keys', () => {
  it('suggests the field a typo was meant as', () => {
    expect(editDistance('nmae', 'name')).toBe(1)
    expect(closestKey('nmae', ['name', 'outtaskId'])).toBe('name')
    expect(closestKey('OuttaskID', ['name', 'outtaskId'])).toBe('outtaskId')
    expect(closestKey('colour', ['name', 'outtaskId'])).toBeNull()
    expect(unknownKeysMessage(['nmae'], ['name'])).toBe('Unknown field "nmae" — did you mean "name"?')
    expect(unknownKeysMessage(['zzz'], ['a', 'b'])).toBe('Unknown field "zzz"; the fields here are "a", "b".')
  })

  it('makes strict objects refuse unknown keys, also after .partial()', () => {
    const s = strictObject({ name: z.string(), age: z.number() }).partial()
    const r = s.safeParse({ name: 'x', agee: 3 })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toBe('Unknown field "agee" — did you mean "age"?')
  })
})

describe('free text', () => {
  it.each([
    ['ACME\u0007', 'control character (U+0007) at position 5'],
    ['ACME\nGmbH', 'control character (U+000A)'],
    ['\u202eEMCA', 'bidirectional override (U+202E) at position 1'],
    ['A\u2066B\u2069', 'bidirectional override (U+2066)'],
    ['\u200b\u200b', 'only invisible characters'],
    ['\u00ad', 'only invisible characters'],
  ])('refuses %j, naming the field', (value, words) => {
    const problem = textProblem(value, 'The entity name')
    expect(problem).toContain('The entity name')
    expect(problem).toContain(words)
  })

  it('allows ordinary names, right-to-left names with marks, and joiners inside visible text', () => {
    for (const ok of ['Umbrella EMEA', 'Zürich AG', 'שלום בע"מ\u200f', 'क्\u200dष', '日本株式会社'])
      expect(textProblem(ok, 'The entity name')).toBeNull()
  })

  it('trims, checks length and reports the problem from a schema', () => {
    const name = safeText('The entity name', { min: 1, max: 5, requiredMessage: 'Enter a name' })
    expect(name.parse('  abc ')).toBe('abc')
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('Enter a name')
    expect(name.safeParse('abcdef').error?.issues[0]?.message).toBe(
      'The entity name is at most 5 characters long.',
    )
    expect(name.safeParse('a\u202eb').error?.issues[0]?.message).toContain('bidirectional override')
  })
})
