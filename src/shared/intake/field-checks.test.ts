import { describe, expect, it } from 'vitest'
import {
  checkCompanyUuid,
  checkOuttaskId,
  checkRequestToken,
  describeSecret,
  normaliseUuid,
  type RawField,
} from './field-checks'

const UUID = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d'
const raw = (value: string | undefined, more: Partial<RawField> = {}): RawField => ({
  value,
  removedAround: '',
  line: 3,
  label: 'Request_Token',
  isPlaceholder: false,
  ...more,
})

describe('checkOuttaskId', () => {
  it('accepts digits and names the first character that is not one', () => {
    expect(checkOuttaskId(raw('110034')).error).toBeNull()
    expect(checkOuttaskId(raw('11OO34')).error?.message).toContain('character 3 is "O"')
  })

  it('says how many digits a run-together value has', () => {
    expect(checkOuttaskId(raw('1100341100341')).error?.message).toContain('has 13 digits')
  })

  it('tells a missing field from an empty label', () => {
    expect(checkOuttaskId(undefined).error?.message).toContain('is missing')
    expect(checkOuttaskId(raw('', { label: 'Entity/Outtask ID' })).error?.message).toContain(
      'nothing after the "Entity/Outtask ID:" label on line 3',
    )
  })
})

describe('normaliseUuid and checkCompanyUuid', () => {
  it.each([
    [`{${UUID.toUpperCase()}}`, ['braces', 'upper case']],
    [`urn:uuid:${UUID}`, ['a "urn:uuid:" prefix']],
    [UUID.replaceAll('-', ''), ['no hyphens']],
    [UUID, []],
  ])('%s → the canonical form, changes %j', (value, changes) => {
    expect(normaliseUuid(value)).toEqual({ uuid: UUID, changes })
  })

  it('says what was formatting in a note and returns the canonical UUID', () => {
    const c = checkCompanyUuid(raw(`{${UUID.toUpperCase()}}`, { removedAround: 'quotes' }))
    expect(c.value).toBe(UUID)
    expect(c.error).toBeNull()
    expect(c.notes[0]?.message).toBe(
      `The company UUID was written with surrounding quotes, braces and upper case: formatting only. Read as ${UUID}.`,
    )
  })

  it('explains what is wrong with a value that is not a UUID', () => {
    const c = checkCompanyUuid(raw('79840cd9-5989-4675c-a254-3cdkkkdddeeebb178'))
    expect(c.error?.message).toContain('groups of 8-4-5-4-17')
    expect(c.error?.message).toContain('"k", which is not hexadecimal')
  })
})

describe('checkRequestToken', () => {
  it('accepts a doubtful short token with a warning that names its length', () => {
    const c = checkRequestToken(raw('at-zz99'), UUID)
    expect(c.error).toBeNull()
    expect(c.value).toBe('at-zz99')
    expect(c.warnings.map((w) => w.message).join(' ')).toContain('only 7 characters long')
  })

  it('rejects a token with a space, naming the rule, the length and the ends, never the token', () => {
    const c = checkRequestToken(raw('at-abcdef 1234567'), UUID)
    expect(c.error?.message).toBe(
      'The request token (17 characters, starts "at-ab", ends "567") has a space after character 9. Concur issues it as one unbroken string: paste it again without the line break or space.',
    )
    expect(c.error?.value).toBe('at-ab…567')
  })

  it('rejects the company UUID pasted as the token, and a token cut short with "…"', () => {
    expect(checkRequestToken(raw(UUID.toUpperCase()), UUID).error?.message).toContain(
      'is the company UUID again',
    )
    expect(checkRequestToken(raw('at-abcdef…'), UUID).error?.message).toContain('cut short')
  })

  it('warns about characters tokens rarely contain, showing invisible ones as code points', () => {
    const c = checkRequestToken(raw('at-abc{def}1234567890§'), UUID)
    expect(c.error).toBeNull()
    expect(c.warnings[0]?.message).toContain('"{", "}", U+00A7')
  })

  it('notes the punctuation removed around the token', () => {
    expect(
      checkRequestToken(raw('at-1234567890abcdefghij', { removedAround: 'quotes' }), UUID).notes[0]?.message,
    ).toBe('Removed the quotes around the request token.')
  })

  it('says a template placeholder is the quoted case request', () => {
    expect(checkRequestToken(raw('', { isPlaceholder: true }), UUID).error?.message).toContain(
      'template text',
    )
  })
})

describe('describeSecret', () => {
  it('never shows the whole value, however short', () => {
    for (const v of ['a', 'ab', 'abc', 'abcdef', 'abcdefghijk', 'abcdefghijkl']) {
      const d = describeSecret(v)
      expect(d).toContain(`${v.length} character`)
      expect(d).not.toContain(`"${v}"`)
    }
    expect(describeSecret('at-zz99')).toBe('7 characters, starts "at-", ends "99"')
  })
})
