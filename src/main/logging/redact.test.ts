import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from './logger'
import { redact, redactDeep, SecretRegistry, secretRegistry } from './redact'

describe('redact', () => {
  const known = new Set(['e013335d-b4ce-4c43-a7e4-b67abc1adcb0'])
  it.each([
    ['Authorization: Bearer eyJhbGciOi.abc.def', 'Authorization: Bearer [redacted]'],
    [
      'body refresh_token=abc123&client_secret=s3cr3t',
      'body refresh_token=[redacted]&client_secret=[redacted]',
    ],
    ['{"access_token":"xyz","expires_in":3600}', '{"access_token":"[redacted]","expires_in":3600}'],
    ['Request_Token: at-QWERTYUIOPASDF123', 'Request_Token: [redacted]'],
    ['pasted at-ABCDEFGHIJKLMNOP in prose', 'pasted at-[redacted] in prose'],
    ['token e013335d-b4ce-4c43-a7e4-b67abc1adcb0 rotated', 'token [redacted] rotated'],
    ['jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig-part in stack', 'jwt [redacted-jwt] in stack'],
  ])('masks %s', (input, expected) => {
    expect(redact(input, known)).toBe(expected)
  })

  it('leaves ordinary facts alone', () => {
    const line = 'poll: entity 110034 fetched 3 pages, 412 profiles in 2100 ms (status 200)'
    expect(redact(line, known)).toBe(line)
  })

  it('masks strings inside nested records', () => {
    const out = redactDeep({ a: ['x at-ABCDEFGHIJKLMNOP'], b: { c: 'Bearer abc.def' }, n: 3 }, new Set())
    expect(out).toEqual({ a: ['x at-[redacted]'], b: { c: 'Bearer [redacted]' }, n: 3 })
  })

  it('masks registered secrets in every logger line, fields included', () => {
    secretRegistry.register('rt-very-secret-value')
    const log = createMemoryLogger()
    log.info('refresh: stored rt-very-secret-value', { detail: 'rt-very-secret-value' })
    expect(log.lines[0]).toContain('refresh: stored [redacted]')
    expect(log.lines[0]).not.toContain('rt-very-secret-value')
  })

  it('ignores values too short to be secrets so ordinary words survive', () => {
    const registry = new SecretRegistry()
    registry.register('abc')
    expect(redact('abc def', registry.known)).toBe('abc def')
  })
})
