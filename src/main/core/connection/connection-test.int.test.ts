/**
 * Settings → Test connection against real loopback servers through the production HTTP client:
 * the Concur and Faces simulators, a closed port, and an HTTPS server with a self-signed
 * certificate. Every failure kind has its own verdict and message, and no message holds a secret.
 */
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionCheck } from '../../../shared/model'
import { createHttpClient } from '../../adapters/http/undici-http'
import { silentLogger } from '../../logging/logger'
import { createConcurSimulator } from '../../sandbox/concur-sim/concur-simulator'
import { createFacesSimulator } from '../../sandbox/faces-sim/faces-simulator'
import { systemClock } from '../clock'
import { checkConcur, checkFaces, testConnection, type ConnectionTestInput } from './connection-test'

const CLIENT = { clientId: 'conn-test-client', clientSecret: 'conn-test-secret-value' }
const FACES = { user: 'desk', apiKey: 'conn-test-faces-key' }
const TLS_DIR = join(__dirname, '../../../../test/tls')

const concur = createConcurSimulator({ clock: systemClock, latency: 'none' })
const faces = createFacesSimulator({ clock: systemClock, credentials: FACES })
const http = createHttpClient()
const deps = { fetch: http.fetch, clock: systemClock, log: silentLogger, timeoutMs: 3_000 }
let glzUrl = ''
let facesUrl = ''
let closedUrl = ''
let tlsUrl = ''
let tlsServer: Server
const tlsHits: string[] = []

beforeAll(async () => {
  glzUrl = (await concur.start()).glzUrl
  concur.admin.registerClient(CLIENT)
  facesUrl = (await faces.start()).url
  // A port that was free a moment ago and is closed now: connection refused.
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
  await new Promise<void>((r) => probe.close(() => r()))
  tlsServer = createHttpsServer(
    {
      key: readFileSync(join(TLS_DIR, 'self-signed.key.pem')),
      cert: readFileSync(join(TLS_DIR, 'self-signed.cert.pem')),
    },
    (req, res) => {
      tlsHits.push(req.url ?? '')
      res.end('{}')
    },
  )
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r))
  tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`
})
afterAll(async () => {
  await Promise.all([concur.stop(), faces.stop(), http.close()])
  await new Promise<void>((r) => tlsServer.close(() => r()))
})

const input = (over: Partial<ConnectionTestInput> = {}): ConnectionTestInput => ({
  concurTokenBaseUrl: glzUrl,
  concurClientId: CLIENT.clientId,
  concurClientSecret: CLIENT.clientSecret,
  facesBaseUrl: facesUrl,
  facesUser: FACES.user,
  facesApiKey: FACES.apiKey,
  hostPolicy: 'sandbox',
  ...over,
})

const seen: ConnectionCheck[] = []
const record = (c: ConnectionCheck): ConnectionCheck => (seen.push(c), c)

describe('Test connection: Concur', () => {
  it('says the client is fine when Concur refuses only the test company', async () => {
    const c = record(await checkConcur(deps, input()))
    expect(c).toMatchObject({ target: 'concur', verdict: 'ok' })
    expect(c.message).toMatch(
      /accepted the client ID and secret \(it refused the desk's test company with code 5/,
    )
    expect(c.correlationId).toMatch(/^connection-test-/)
  })

  it.each([
    [
      'a wrong secret',
      { concurClientSecret: 'not-the-secret' },
      'wrong-secret',
      /rejected the client secret \(code 64\)/,
    ],
    [
      'an unknown client',
      { concurClientId: 'nobody-knows-me' },
      'unknown-client',
      /does not know the client ID nobody-knows-me \(code 61\)/,
    ],
    [
      'a closed port',
      { concurTokenBaseUrl: '' },
      'unreachable',
      /cannot reach Concur at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    ],
    [
      'a self-signed certificate',
      { concurTokenBaseUrl: '' },
      'tls',
      /TLS\) connection to Concur at 127\.0\.0\.1:\d+ failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
    ],
  ] as const)('names %s', async (what, over, verdict, message) => {
    const base = what === 'a closed port' ? closedUrl : what === 'a self-signed certificate' ? tlsUrl : glzUrl
    const c = record(await checkConcur(deps, input({ ...over, concurTokenBaseUrl: base })))
    expect(c.verdict).toBe(verdict)
    expect(c.message).toMatch(message)
  })

  it('refuses a non-Concur host in production before the client secret leaves', async () => {
    const before = tlsHits.length
    const c = record(await checkConcur(deps, input({ concurTokenBaseUrl: tlsUrl, hostPolicy: 'production' })))
    expect(c.verdict).toBe('refused-host')
    expect(c.message).toMatch(/it is not a Concur API host/)
    expect(tlsHits).toHaveLength(before)
  })

  it('asks for the client id and secret first', async () => {
    expect(record(await checkConcur(deps, input({ concurClientSecret: null }))).verdict).toBe(
      'not-configured',
    )
  })
})

describe('Test connection: Faces', () => {
  it('says the user and key work', async () => {
    expect(record(await checkFaces(deps, input()))).toMatchObject({ verdict: 'ok', target: 'faces' })
  })

  it('names a refused user or key (Faces 401)', async () => {
    const c = record(await checkFaces(deps, input({ facesApiKey: 'wrong-key-value' })))
    expect(c.verdict).toBe('unauthorised')
    expect(c.message).toMatch(/refused the user "desk" or the API key \(HTTP 401\)/)
  })

  it('names an address that is not Faces', async () => {
    const c = record(await checkFaces(deps, input({ facesBaseUrl: glzUrl })))
    expect(c.verdict).toBe('not-faces')
  })

  it('names an unreachable address and a certificate it cannot trust', async () => {
    expect(record(await checkFaces(deps, input({ facesBaseUrl: closedUrl }))).verdict).toBe('unreachable')
    expect(record(await checkFaces(deps, input({ facesBaseUrl: tlsUrl }))).verdict).toBe('tls')
  })

  it('refuses a plain-http Faces URL in production: the key would travel unencrypted', async () => {
    const c = record(
      await checkFaces(deps, input({ facesBaseUrl: 'http://faces.example.test', hostPolicy: 'production' })),
    )
    expect(c.verdict).toBe('refused-host')
  })
})

describe('Test connection: both', () => {
  it('runs both checks and never puts a secret in a message', async () => {
    const report = await testConnection(deps, input({ concurClientSecret: 'wrong-secret-xyz' }))
    expect([report.concur.verdict, report.faces.verdict]).toEqual(['wrong-secret', 'ok'])
    const secrets = [
      CLIENT.clientSecret,
      FACES.apiKey,
      'wrong-secret-xyz',
      'not-the-secret',
      'wrong-key-value',
    ]
    const text = JSON.stringify([...seen, report])
    for (const s of secrets) expect(text).not.toContain(s)
    expect(seen.length).toBeGreaterThanOrEqual(11)
  })
})
