import { describe, expect, it } from 'vitest'
import {
  cleanValue,
  isTokenContinuation,
  labelsOnLine,
  pickValue,
  unquote,
  valueOnNextLine,
} from './token-fields'

const fields = (line: string) => labelsOnLine(line).map((l) => [l.field, l.label, line.slice(l.valueStart)])

describe('labelsOnLine', () => {
  it('finds labels with ":", "=", "|", a table tab, or a bracketed note before the separator', () => {
    expect(fields('Request_Token: x')).toEqual([['requestToken', 'Request_Token', ' x']])
    expect(fields('company uuid = x')).toEqual([['companyUuid', 'company uuid', ' x']])
    expect(fields('| Entity/Outtask ID | 1 |')).toEqual([['outtaskId', 'Entity/Outtask ID', ' 1 |']])
    expect(fields('Company Request Token\tat-1')).toEqual([['requestToken', 'Company Request Token', 'at-1']])
    expect(fields('Company UUID (Client_UUID): u')).toEqual([['companyUuid', 'Company UUID', ' u']])
    expect(fields('**Request_Token:** x')).toEqual([['requestToken', 'Request_Token', '** x']])
  })

  it('finds several labels on one line, also right after a colon', () => {
    expect(labelsOnLine('Entity ID: 1, Company UUID: u, Request Token: t').map((l) => l.field)).toEqual([
      'outtaskId',
      'companyUuid',
      'requestToken',
    ])
    expect(labelsOnLine('Request_Token:Client_UUID: u').map((l) => l.field)).toEqual([
      'requestToken',
      'companyUuid',
    ])
  })

  it('ignores label words in prose: no separator, a longer word, or a bare word mid-line', () => {
    expect(labelsOnLine('Please send the request token in this format:')).toEqual([])
    expect(labelsOnLine('Request_Tokens: x')).toEqual([])
    expect(labelsOnLine('Subject: (Entity/Outtask ID 110034)')).toEqual([])
    expect(labelsOnLine('see the token: below')).toEqual([])
    expect(fields('Token: x')).toEqual([['requestToken', 'Token', ' x']])
  })
})

describe('unquote', () => {
  it('removes quoting, bullets and emphasis from the start of a line only', () => {
    expect(unquote('> > Request_Token: x')).toBe('Request_Token: x')
    expect(unquote('>>x')).toBe('x')
    expect(unquote('  - Client_UUID: u')).toBe('Client_UUID: u')
    expect(unquote('**Entity ID:** 1')).toBe('Entity ID:** 1')
    expect(unquote('a > b')).toBe('a > b')
  })
})

describe('cleanValue and pickValue', () => {
  it('strips quotes, brackets, backticks and trailing punctuation, and says which', () => {
    expect(cleanValue('  "«at-1»".  ')).toEqual({
      value: 'at-1',
      removed: new Set(['quotes', 'trailing punctuation']),
    })
    expect(cleanValue('(110034)')).toEqual({ value: '110034', removed: new Set(['brackets']) })
    expect(cleanValue('at-1_-').value).toBe('at-1_-')
  })

  it('keeps the first word, or a token and the run of token material a space broke off', () => {
    expect(pickValue('outtaskId', ' 110034 for the EMEA entity').value).toBe('110034')
    expect(pickValue('requestToken', ' at-abcdef 1234567').value).toBe('at-abcdef 1234567')
    expect(pickValue('requestToken', ' at-abcdef thanks').value).toBe('at-abcdef')
  })

  it('recognises template placeholders', () => {
    expect(pickValue('requestToken', ' <the company request token>').isPlaceholder).toBe(true)
    expect(pickValue('requestToken', ' [token]').isPlaceholder).toBe(true)
    expect(pickValue('requestToken', ' <at-abc123>').isPlaceholder).toBe(false)
  })
})

describe('valueOnNextLine', () => {
  it('takes a plausible value and refuses prose, several words and blank lines', () => {
    expect(valueOnNextLine('outtaskId', '110034')?.value).toBe('110034')
    expect(valueOnNextLine('companyUuid', '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d')?.value).toBeTruthy()
    expect(valueOnNextLine('requestToken', 'at-abc123')?.value).toBe('at-abc123')
    expect(valueOnNextLine('requestToken', 'Kind regards,')).toBeNull()
    expect(valueOnNextLine('requestToken', 'Thanks')).toBeNull()
    expect(valueOnNextLine('requestToken', '')).toBeNull()
    expect(valueOnNextLine('outtaskId', 'Regards')).toBeNull()
  })
})

describe('isTokenContinuation', () => {
  it('joins token material and refuses prose, labels and punctuation-only lines', () => {
    expect(isTokenContinuation('x7_kP-3v')).toBe(true)
    expect(isTokenContinuation('abcdefghijklmnopq')).toBe(true)
    expect(isTokenContinuation('Thanks')).toBe(false)
    expect(isTokenContinuation('--')).toBe(false)
    expect(isTokenContinuation('Client_UUID: u')).toBe(false)
  })
})
