import { describe, expect, it } from 'vitest'
import { parseTokenResponse } from './token-response'
import { readErrorCode, tokenErrorFromResponse } from './concur-error'
import { readFixture } from './fixtures.test-helper'

describe('token response fixtures', () => {
  it.each([
    ['token-success-apidoc.json', 'https://us2.api.concursolutions.com', null],
    ['token-authtoken-success-company-auth.json', 'https://eu2.api.concursolutions.com', null],
    ['token-authtoken-success-geolocation-with-path.json', 'https://us2.api.concursolutions.com', null],
    ['token-authtoken-success-tmc.json', 'https://eu2.api.concursolutions.com', 1_798_761_600_000],
    ['token-refresh-success-migrationguide.json', 'https://us2.api.concursolutions.com', null],
  ])(
    'reads %s whatever the types of expires_in and refresh_expires_in',
    (file, geolocation, refreshExpiresAtMs) => {
      const body = JSON.parse(readFixture(file)) as Record<string, unknown>
      const grant = parseTokenResponse(body)
      expect(grant.expiresInMs).toBe(3_600_000)
      expect(grant.geolocation).toBe(geolocation)
      expect(grant.refreshExpiresAtMs).toBe(refreshExpiresAtMs)
      expect(grant.refreshToken).toBe(body['refresh_token'])
      expect(grant.accessToken).toBe(body['access_token'])
    },
  )

  it('reads a refresh answer without refresh_token as "keep the stored one"', () => {
    const grant = parseTokenResponse(
      JSON.parse(readFixture('token-refresh-success-without-refresh-token.json')),
    )
    expect(grant.refreshToken).toBeNull()
    expect(grant.accessToken).toBe('fixture-access-no-rotation-9d2e')
    expect(grant.geolocation).toBe('https://us2.api.concursolutions.com')
  })

  it('splits the TMC scope list', () => {
    const grant = parseTokenResponse(JSON.parse(readFixture('token-authtoken-success-tmc.json')))
    expect(grant.scopes).toContain('TRVPRF')
    expect(grant.scopes).toHaveLength(16)
  })

  it('accepts a response without refresh_token (keep the old one) and without geolocation', () => {
    const grant = parseTokenResponse({ access_token: 'abcdef', expires_in: 3600 })
    expect(grant.refreshToken).toBeNull()
    expect(grant.geolocation).toBeNull()
  })

  it('rejects a response without an access token, without echoing any value', () => {
    expect(() => parseTokenResponse({ refresh_token: 'secret-refresh-value' })).toThrowError(
      'Concur sent a token response without an access token.',
    )
  })

  it('shows that the apidoc error template is not JSON at all', () => {
    expect(() => JSON.parse(readFixture('token-error-template-apidoc.json'))).toThrowError(SyntaxError)
  })
})

describe('token error mapping', () => {
  it('reads the incorrect-credentials sample as a rejected request token', () => {
    const err = tokenErrorFromResponse(
      'exchange',
      400,
      JSON.parse(readFixture('token-error-incorrect-credentials.json')),
      'cid-1',
    )
    expect(err).toMatchObject({
      kind: 'token-rejected',
      code: 5,
      status: 400,
      correlationId: 'cid-1',
      retryable: false,
    })
    expect(err.message).toBe(
      'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.',
    )
  })

  it('reads a code written as a quoted string', () => {
    expect(readErrorCode('108')).toBe(108)
    expect(readErrorCode('<number>')).toBeUndefined()
    const template = JSON.parse(readFixture('token-error-template-company-auth.json'))
    expect(tokenErrorFromResponse('refresh', 400, template, 'c').kind).toBe('remote-failed')
    const quoted = JSON.parse(readFixture('token-error-code-as-string.json'))
    expect(tokenErrorFromResponse('refresh', 400, quoted, 'c')).toMatchObject({
      kind: 'refresh-token-invalid',
      code: 108,
    })
  })

  it('keeps the data centre a code-16 answer names, so the client can retry there', () => {
    const err = tokenErrorFromResponse(
      'refresh',
      400,
      JSON.parse(readFixture('token-error-wrong-data-centre.json')),
      'c',
    )
    expect(err).toMatchObject({
      kind: 'wrong-data-centre',
      code: 16,
      geolocation: 'https://eu2.api.concursolutions.com',
    })
  })

  const documentedCodes = JSON.parse(readFixture('token-error-codes.json')) as Array<{
    code: number
    error: string
    error_description: string
  }>

  it.each(documentedCodes.map((row) => [row.code, row] as const))(
    'gives documented code %i its own reading on both grants, never the generic fallback',
    (_code, row) => {
      for (const op of ['exchange', 'refresh'] as const) {
        const err = tokenErrorFromResponse(op, 400, row, 'cid')
        expect(err.code).toBe(row.code)
        expect(err.message).not.toMatch(/\(code \d+/)
      }
    },
  )

  it.each([
    [
      5,
      'exchange',
      'token-rejected',
      false,
      'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.',
    ],
    [
      19,
      'exchange',
      'token-rejected',
      false,
      'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.',
    ],
    [53, 'exchange', 'company-not-enabled', false, 'not enabled this app'],
    [
      108,
      'refresh',
      'refresh-token-invalid',
      false,
      'The refresh token is invalid or expired: a new request token is needed.',
    ],
    [16, 'refresh', 'wrong-data-centre', false, 'another data centre'],
    [136, 'exchange', 'token-rejected', false, 'issued for another Concur app'],
    [134, 'exchange', 'remote-failed', true, 'scheduled maintenance'],
    [61, 'exchange', 'invalid-input', false, 'client id'],
    [64, 'refresh', 'invalid-input', false, 'client credentials'],
    [105, 'refresh', 'refresh-token-invalid', false, 'another Concur app'],
    [135, 'exchange', 'bug', false, 'bug in the desk'],
    [65, 'exchange', 'bug', false, 'bug in the desk'],
    [14, 'exchange', 'token-rejected', false, 'locked'],
    [999, 'exchange', 'token-rejected', false, 'code 999'],
  ] as const)('maps code %i on %s to %s', (code, op, kind, retryable, text) => {
    const err = tokenErrorFromResponse(
      op,
      400,
      { error: 'invalid_grant', error_description: 'x', code },
      'cid',
    )
    expect(err.kind).toBe(kind)
    expect(err.retryable).toBe(retryable)
    expect(err.code).toBe(code)
    expect(err.message).toContain(text)
  })

  it.each([
    [429, 'rate-limited', true],
    [500, 'remote-failed', true],
    [503, 'remote-failed', true],
    [401, 'bug', false],
    [403, 'company-not-enabled', false],
    [404, 'not-found', false],
  ] as const)('maps a bare HTTP %i to %s', (status, kind, retryable) => {
    const err = tokenErrorFromResponse('refresh', status, null, 'cid', 2000)
    expect(err).toMatchObject({ kind, retryable, status })
  })
})
