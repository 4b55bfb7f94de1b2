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

describe('the secret registry at scale', () => {
  it('masks a secret wherever it sits between delimiters: quotes, =, &, spaces, brackets, dots', () => {
    const registry = new SecretRegistry()
    registry.register('Zx9-abc_def~ghi+jk/lm')
    registry.register('c2VjcmV0LXdpdGgtcGFkZGluZw==')
    registry.register('part.one.two')
    const line =
      'a="Zx9-abc_def~ghi+jk/lm" b=c2VjcmV0LXdpdGgtcGFkZGluZw==&c (part.one.two). [Zx9-abc_def~ghi+jk/lm]'
    const out = redact(line, registry)
    expect(out).toBe('a="[redacted]" b=[redacted]&c ([redacted]). [[redacted]]')
  })

  it('stays correct with tens of thousands of registered tokens and forgets the oldest past its cap', () => {
    const registry = new SecretRegistry()
    for (let i = 0; i < 60_000; i++) registry.register(`access-token-${i.toString(36).padStart(8, '0')}`)
    expect(registry.size).toBe(50_000)
    const token = (i: number): string => `access-token-${i.toString(36).padStart(8, '0')}`
    expect(redact(`tok ${token(59_999)} end`, registry)).toBe('tok [redacted] end')
    expect(redact(`tok ${token(10_000)} end`, registry)).toBe('tok [redacted] end')
    expect(redact(`old ${token(9_999)} end`, registry)).toBe(`old ${token(9_999)} end`)
  })

  it('masks the longer of two secrets that share a prefix whole', () => {
    const registry = new SecretRegistry()
    registry.register('shared-prefix')
    registry.register('shared-prefix-and-more')
    expect(redact('x shared-prefix-and-more y', registry)).toBe('x [redacted] y')
  })
})
