/**
 * Settings → Test connection: checks the production connection without a company token.
 * - Concur: a deliberate password grant with a dummy company at the token host. Concur checks the
 *   client first, so code 61 (unknown client), 64 (wrong secret) or 59 (client disabled) name the
 *   problem, and a refusal of the dummy company (code 5 and friends) proves the client is fine.
 * - Faces: `GET /api/v1/status` with the user and API key.
 * Each failure kind has its own message (wrong secret, unknown client, unreachable, TLS, timeout,
 * Faces 401, not Faces at that address), and no message ever holds a secret.
 */
import type { ConnectionCheck, ConnectionReport } from '../../../shared/model'
import type { Logger } from '../../logging/logger'
import { redact, secretRegistry } from '../../logging/redact'
import { ConcurError, readErrorCode } from '../concur/concur-error'
import { createConcurTransport, parseJson } from '../concur/concur-transport'
import type { HostPolicy } from '../concur/geolocation-policy'
import { createFacesClient } from '../faces/faces-client'
import { DeskError } from '../errors/desk-error'
import { FacesError } from '../faces/faces-error'
import { checkFacesUrl } from '../faces/faces-host-policy'
import type { Clock, Fetch } from '../ports'
import { classifyNetworkCode, networkCodeOf } from './network-failure'

/** What a test needs: the production settings and secrets (read from the keychain by the caller). */
export type ConnectionTestInput = {
  concurTokenBaseUrl: string
  concurClientId: string
  concurClientSecret: string | null
  facesBaseUrl: string
  facesUser: string
  facesApiKey: string | null
  /** 'production' outside tests: the Concur host must be an https Concur API host, Faces https. */
  hostPolicy: HostPolicy
}

/** Dependencies of the test. */
export type ConnectionTestDeps = Readonly<{ fetch: Fetch; clock: Clock; log: Logger; timeoutMs?: number }>

/** A deliberately unknown company: Concur refuses it only after it has accepted the client. */
const DUMMY_COMPANY = '00000000-0000-4000-8000-000000000000'
const CLIENT_OK_CODES = new Set([5, 10, 11, 12, 13, 14, 16, 19, 20, 53, 100, 123, 136, 139])

/** Runs both checks. */
export async function testConnection(
  deps: ConnectionTestDeps,
  input: ConnectionTestInput,
): Promise<ConnectionReport> {
  const [concur, faces] = await Promise.all([checkConcur(deps, input), checkFaces(deps, input)])
  return { concur, faces, atMs: deps.clock.nowMs() }
}

/** Checks the Concur client id and secret at the token host. */
export async function checkConcur(
  deps: ConnectionTestDeps,
  input: ConnectionTestInput,
): Promise<ConnectionCheck> {
  const started = deps.clock.nowMs()
  const result = (
    verdict: ConnectionCheck['verdict'],
    message: string,
    correlationId: string | null = null,
  ): ConnectionCheck => ({
    target: 'concur',
    verdict,
    message,
    correlationId,
    durationMs: deps.clock.nowMs() - started,
  })
  const secret = input.concurClientSecret
  if (!input.concurClientId || !secret)
    return result('not-configured', 'Enter the Concur client ID and store the client secret first.')
  secretRegistry.register(secret)
  const transport = createConcurTransport({
    fetch: deps.fetch,
    clock: deps.clock,
    log: deps.log,
    config: () => ({
      tokenBaseUrl: input.concurTokenBaseUrl,
      clientId: input.concurClientId,
      clientSecret: secret,
      hostPolicy: input.hostPolicy,
      timeoutMs: deps.timeoutMs ?? 15_000,
      maxAttempts: 1,
    }),
  })
  // The token path sits on the host itself: scheme://host[:port] is all that is kept.
  let base: string
  let host: string
  try {
    const url = new URL(input.concurTokenBaseUrl.trim())
    base = url.origin
    host = url.host
  } catch {
    return result(
      'refused-host',
      `"${input.concurTokenBaseUrl.slice(0, 80)}" is not a URL. Enter the Concur token host, e.g. https://us2.api.concursolutions.com.`,
    )
  }
  try {
    const reply = await transport.send(
      'connection-test',
      'client-check',
      'POST',
      `${base}/oauth2/v0/token`,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      new URLSearchParams({
        grant_type: 'password',
        username: DUMMY_COMPANY,
        password: 'faces-concur-desk-connection-test',
        credtype: 'authtoken',
        client_id: input.concurClientId,
        client_secret: secret,
      }).toString(),
      undefined,
    )
    const body = parseJson(reply.text) as Record<string, unknown> | null
    const code = readErrorCode(body?.['code'])
    const id = reply.correlationId
    if (reply.status === 200) return result('ok', `Concur at ${host} accepted the client credentials.`, id)
    if (code === 61)
      return result(
        'unknown-client',
        `Concur at ${host} does not know the client ID ${input.concurClientId} (code 61). Check the client ID; a client from the implementation system only works on the *-impl hosts.`,
        id,
      )
    if (code === 64)
      return result(
        'wrong-secret',
        `Concur at ${host} knows the client ID but rejected the client secret (code 64). Store the current secret from the SAP Concur app registration.`,
        id,
      )
    if (code === 59)
      return result(
        'client-disabled',
        `Concur at ${host} says this app (client) is disabled (code 59). Contact SAP Concur.`,
        id,
      )
    if (code === 62 || code === 63)
      return result(
        'not-configured',
        `Concur at ${host} got no client ${code === 62 ? 'ID' : 'secret'} (code ${code}). Enter it in Settings.`,
        id,
      )
    if (code !== undefined && CLIENT_OK_CODES.has(code))
      return result(
        'ok',
        `Concur at ${host} accepted the client ID and secret (it refused the desk's test company with code ${code}, as intended).`,
        id,
      )
    return result(
      'unexpected',
      `Concur at ${host} answered the test with HTTP ${reply.status}${code === undefined ? '' : ` and code ${code}`}. Check the token host; if it persists, contact SAP Concur with the correlation id.`,
      id,
    )
  } catch (err) {
    if (err instanceof ConcurError && err.hostRefused) return result('refused-host', err.message)
    return networkResult(err, `Concur at ${host}`, result)
  }
}

/** Checks the Faces URL, user and API key. */
export async function checkFaces(
  deps: ConnectionTestDeps,
  input: ConnectionTestInput,
): Promise<ConnectionCheck> {
  const started = deps.clock.nowMs()
  const result = (verdict: ConnectionCheck['verdict'], message: string): ConnectionCheck => ({
    target: 'faces',
    verdict,
    message,
    correlationId: null,
    durationMs: deps.clock.nowMs() - started,
  })
  const apiKey = input.facesApiKey
  if (!input.facesBaseUrl || !apiKey)
    return result('not-configured', 'Enter the Faces URL and store the Faces API key first.')
  secretRegistry.register(apiKey)
  const verdict = checkFacesUrl(input.facesBaseUrl, input.hostPolicy)
  if (!verdict.ok) return result('refused-host', verdict.message)
  const url = verdict.url
  const faces = createFacesClient({
    fetch: deps.fetch,
    clock: deps.clock,
    log: deps.log,
    config: () => ({ baseUrl: input.facesBaseUrl, user: input.facesUser, apiKey }),
    hostPolicy: () => input.hostPolicy,
    timeoutMs: deps.timeoutMs ?? 15_000,
    maxAttempts: 1,
  })
  try {
    const status = await faces.status()
    return result(
      'ok',
      `Faces at ${url.host} accepted the user ${status.user || input.facesUser} and the API key.`,
    )
  } catch (err) {
    if (err instanceof FacesError && err.kind === 'token-rejected')
      return result(
        'unauthorised',
        `Faces at ${url.host} refused the user "${input.facesUser}" or the API key (HTTP ${err.status ?? 401}). Check both in Settings.`,
      )
    const status = err instanceof FacesError ? err.status : undefined
    if (
      err instanceof FacesError &&
      (err.kind === 'not-found' ||
        err.kind === 'invalid-input' ||
        (status !== undefined && status >= 400 && status < 500))
    )
      return result(
        'not-faces',
        `${url.host} answers, but not as the Faces API (no /api/v1/status there). Check the Faces URL.`,
      )
    return networkResult(err, `Faces at ${url.host}`, result)
  }
}

function networkResult(
  err: unknown,
  what: string,
  result: (verdict: ConnectionCheck['verdict'], message: string) => ConnectionCheck,
): ConnectionCheck {
  const kind = err instanceof DeskError ? err.kind : undefined
  const code = networkCodeOf(err)
  const failure = kind === 'timeout' ? 'timeout' : classifyNetworkCode(code)
  if (failure === 'tls')
    return result(
      'tls',
      `The secure (TLS) connection to ${what} failed (${code ?? 'certificate error'}): its certificate is not trusted here. A proxy that inspects HTTPS often causes this; ask IT to trust it, or check the address.`,
    )
  if (failure === 'timeout')
    return result(
      'timeout',
      `${what} did not answer in time. Check the address and the network (proxy, firewall).`,
    )
  if (failure === 'unreachable' || kind === 'offline')
    return result(
      'unreachable',
      `The desk cannot reach ${what}${code ? ` (${code})` : ''}. Check the address, the network and any proxy.`,
    )
  return result(
    'unexpected',
    // Only a classified message is safe to show; anything else may hold anything.
    `${what} failed the test: ${err instanceof DeskError ? redact(err.message) : 'an unexpected error (the details are in the log)'}`,
  )
}
