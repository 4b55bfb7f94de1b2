import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { silentLogger } from '../../logging/logger'
import { createConcurClient, type ConcurCredential } from './concur-client'
import { tokenErrorFromResponse } from './concur-error'
import { parseRetryAfter } from './retry-after'
import { parseTokenResponse } from './token-response'
import { listFixtures, readFixture } from './fixtures.test-helper'

/** Parses a curl-style or raw header block into Headers (names are case-insensitive on the wire). */
function headersOf(text: string): Headers {
  const headers = new Headers()
  for (const line of text.split('\n')) {
    const m = /^(?:< )?([A-Za-z-]+):\s*(.*)$/.exec(line.trim())
    if (m) headers.append(m[1]!, m[2]!)
  }
  return headers
}

/** Field names of a documented form body, however the docs wrapped it. */
function formFieldsOf(httpText: string): string[] {
  const body = httpText.split(/\r?\n\r?\n/)[1] ?? ''
  return body
    .split(/[\n&]/)
    .map((l) => l.trim())
    .filter((l) => l.includes('='))
    .map((l) => l.split('=')[0]!)
}

/** Runs one grant against a stub that captures the form and answers with the TMC sample. */
async function captureForm(run: 'exchange' | 'refresh'): Promise<string[]> {
  let captured = ''
  const store = new Map<string, ConcurCredential>([
    [
      'e',
      {
        refreshToken: 'stored-refresh',
        geolocation: 'https://us2.api.concursolutions.com',
        refreshExpiresAtMs: null,
      },
    ],
  ])
  const client = createConcurClient({
    fetch: async (_url, init) => {
      captured = String(init?.body)
      return new Response(readFixture('oauth-token-refresh-success-tmc.json'), { status: 200 })
    },
    clock: createManualClock(0),
    log: silentLogger,
    config: () => ({
      tokenBaseUrl: 'https://glz.api.concursolutions.com',
      clientId: 'cid',
      clientSecret: 'csecret',
    }),
    credentials: { load: async (k) => store.get(k) ?? null, save: async (k, c) => void store.set(k, c) },
  })
  if (run === 'exchange')
    await client.exchangeRequestToken({
      entityKey: 'e',
      companyUuid: 'company-uuid',
      requestToken: 'request-token',
    })
  else await client.refreshNow('e')
  return [...new URLSearchParams(captured).keys()]
}

describe('the remaining fixtures', () => {
  it('covers every non-XML fixture here or in token-response.test.ts', () => {
    const covered = [
      'appcenter-authtoken-response.json',
      'http-429-rate-limit-list-v4.headers.txt',
      'http-429-rate-limit-list-v4.json',
      'http-correlationid-response-headers.txt',
      'oauth-id-token-claims.json',
      'oauth-request-authtoken-grant.http',
      'oauth-request-refresh-grant.http',
      'oauth-token-authtoken-success-company-auth.json',
      'oauth-token-authtoken-success-company-refresh-tool.json',
      'oauth-token-authtoken-success-tmc.json',
      'oauth-token-error-incorrect-credentials.json',
      'oauth-token-error-template-apidoc.json',
      'oauth-token-error-template-company-auth.json',
      'oauth-token-refresh-success-migrationguide.json',
      'oauth-token-refresh-success-tmc.json',
      'oauth-token-success-apidoc.json',
    ]
    expect(
      listFixtures()
        .filter((f) => !f.endsWith('.xml'))
        .sort(),
    ).toEqual(covered.sort())
  })

  it('sends exactly the fields of the documented authtoken grant', async () => {
    expect((await captureForm('exchange')).sort()).toEqual(
      formFieldsOf(readFixture('oauth-request-authtoken-grant.http')).sort(),
    )
  })

  it('sends the documented refresh grant fields (scope is optional and left out)', async () => {
    const documented = formFieldsOf(readFixture('oauth-request-refresh-grant.http'))
    expect(documented).toContain('scope')
    expect((await captureForm('refresh')).sort()).toEqual(documented.filter((f) => f !== 'scope').sort())
  })

  it('reads the List v4 429 as rate limiting with a zero Retry-After', () => {
    const headers = headersOf(readFixture('http-429-rate-limit-list-v4.headers.txt'))
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), 0)
    expect(retryAfterMs).toBe(0)
    const err = tokenErrorFromResponse(
      'refresh',
      429,
      JSON.parse(readFixture('http-429-rate-limit-list-v4.json')),
      headers.get('concur-correlationid')!,
      retryAfterMs,
    )
    expect(err).toMatchObject({
      kind: 'rate-limited',
      retryable: true,
      correlationId: '610425c5-4c2e-4bdb-ab5d-02775e23c7c9',
      retryAfterMs: 0,
    })
  })

  it('finds the correlation id whatever the case of the header name', () => {
    expect(
      headersOf(readFixture('http-correlationid-response-headers.txt')).get('concur-correlationid'),
    ).toBe('2803b8f8-a42b-43c2-a739-b8768e4759b8')
  })

  it('reads a Retry-After HTTP date against the clock', () => {
    expect(parseRetryAfter('Fri, 26 Aug 2022 16:13:20 GMT', Date.UTC(2022, 7, 26, 16, 13, 17))).toBe(3000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })

  it('refuses the App Center answer as a token response, since it is not one', () => {
    expect(() =>
      parseTokenResponse(JSON.parse(readFixture('appcenter-authtoken-response.json'))),
    ).toThrowError('Concur sent a token response without an access token.')
  })

  it('keeps the id_token claims out of the way: the company principal is in sub, not needed by the desk', () => {
    const claims = JSON.parse(readFixture('oauth-id-token-claims.json')) as Record<string, unknown>
    expect(claims['concur.type']).toBe('user')
    expect(String(claims['concur.profile'])).toContain(String(claims['sub']))
  })
})
