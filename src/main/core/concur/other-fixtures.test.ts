import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { silentLogger } from '../../logging/logger'
import { createConcurOAuth } from './concur-oauth'
import { createConcurTransport } from './concur-transport'
import { tokenErrorFromResponse } from './concur-error'
import { parseRetryAfter } from './retry-after'
import { parseTokenResponse } from './token-response'
import { readFixture } from './fixtures.test-helper'

/** Parses a curl-style or raw header block into Headers (names are case-insensitive on the wire). */
function headersOf(text: string): Headers {
  const headers = new Headers()
  for (const line of text.split('\n')) {
    const m = /^(?:< )?([A-Za-z-]+):(.*)$/.exec(line.trim())
    if (m) headers.append(m[1]!, m[2]!.trim())
  }
  return headers
}

/** The form of a documented request on the wire (head, blank line, one url-encoded body line). */
function formOf(httpText: string): URLSearchParams {
  const [head = '', body = ''] = httpText.split('\r\n\r\n')
  const length = /^Content-Length: (\d+)$/m.exec(head)?.[1]
  expect(Buffer.byteLength(body.trimEnd())).toBe(Number(length))
  return new URLSearchParams(body.trimEnd())
}

/** Field names of a documented form body. */
function formFieldsOf(httpText: string): string[] {
  return [...formOf(httpText).keys()]
}

/** Runs one grant against a stub that captures the form and answers with the TMC sample. */
async function captureForm(run: 'exchange' | 'refresh'): Promise<URLSearchParams> {
  // Read before the client runs: a fixture error inside the stub would look like a network failure.
  const answer = readFixture('token-authtoken-success-tmc.json')
  let captured = ''
  const oauth = createConcurOAuth(
    createConcurTransport({
      fetch: async (_url, init) => {
        captured = String(init?.body)
        return new Response(answer, { status: 200 })
      },
      clock: createManualClock(0),
      log: silentLogger,
      config: () => ({
        tokenBaseUrl: 'https://glz.api.concursolutions.com',
        clientId: 'cid',
        clientSecret: 'csecret',
      }),
    }),
  )
  if (run === 'exchange')
    await oauth.exchange({ entityKey: 'e', companyUuid: 'company-uuid', requestToken: 'request-token' })
  else
    await oauth.refresh({
      entityKey: 'e',
      refreshToken: 'stored-refresh',
      geolocation: 'https://us2.api.concursolutions.com',
    })
  return new URLSearchParams(captured)
}

describe('the remaining fixtures', () => {
  it('sends exactly the fields of the documented authtoken grant', async () => {
    const sent = await captureForm('exchange')
    const documented = formOf(readFixture('request-authtoken-grant.http'))
    expect([...sent.keys()].sort()).toEqual([...documented.keys()].sort())
    for (const field of ['grant_type', 'credtype']) expect(sent.get(field)).toBe(documented.get(field))
  })

  it('sends the documented refresh grant fields (scope is optional and left out)', async () => {
    const documented = formFieldsOf(readFixture('request-refresh-grant.http'))
    expect(documented).toContain('scope')
    const sent = await captureForm('refresh')
    expect([...sent.keys()].sort()).toEqual(documented.filter((f) => f !== 'scope').sort())
    expect(sent.get('grant_type')).toBe('refresh_token')
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
      correlationId: '7c0b5e2a-19d4-4f3e-b6a1-0d9c8e7f6a51',
      retryAfterMs: 0,
    })
  })

  it('finds the correlation id whatever the case of the header name', () => {
    expect(
      headersOf(readFixture('http-correlationid-response-headers.txt')).get('concur-correlationid'),
    ).toBe('3e9d1c7b-5a2f-4e8d-9c6b-1a0f2e3d4c5b')
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
    const claims = JSON.parse(readFixture('id-token-claims.json')) as Record<string, unknown>
    expect(claims['concur.type']).toBe('user')
    expect(String(claims['concur.profile'])).toContain(String(claims['sub']))
  })
})
