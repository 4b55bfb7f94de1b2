import { describe, expect, it } from 'vitest'
import { formatConcurUtc, parseConcurUtc } from './concur-time'

describe('Concur UTC timestamps', () => {
  it('formats epoch ms as whole UTC seconds without a Z', () => {
    expect(formatConcurUtc(Date.UTC(2015, 0, 1, 1, 0, 0, 999))).toBe('2015-01-01T01:00:00')
  })

  it('parses the strict format back to epoch ms', () => {
    expect(parseConcurUtc('1900-01-01T12:00:00')).toBe(Date.UTC(1900, 0, 1, 12))
    expect(parseConcurUtc(formatConcurUtc(1_700_000_000_000))).toBe(1_700_000_000_000)
  })

  it.each([
    '2015-01-01T01:00:00Z',
    '2015-01-01 01:00:00',
    '2015-01-01T01:00:00.000',
    '2015-02-30T00:00:00',
    '2015-01-01T24:00:00',
    '',
  ])('rejects %j', (text) => {
    expect(parseConcurUtc(text)).toBeNull()
  })
})
