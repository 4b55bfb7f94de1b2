/**
 * One HTTP exchange with Concur, shared by the OAuth grants and the Travel Profile calls: the host
 * policy check (no secret leaves for an address that is not Concur's), timeout, correlation id, an
 * outcome log line without bodies or queries, and retries with backoff on the injected clock
 * (retry-call.ts decides; the caller takes a request slot per attempt inside `attemptOnce`).
 */
import type { Logger } from '../../logging/logger'
import type { Clock, Fetch, HttpResponse } from '../ports'
import { ConcurError } from './concur-error'
import { requireConcurHost, type HostPolicy } from './geolocation-policy'
import { parseRetryAfter } from './retry-after'
import { networkCodeOf } from '../connection/network-failure'
import { retryCall } from '../errors/retry-call'

/** Read on every call, so settings changes apply without rebuilding the client. */
export interface ConcurConfig {
  /** Token host for the request-token exchange. @default 'https://glz.api.concursolutions.com' */
  tokenBaseUrl: string
  clientId: string
  clientSecret: string
  /** Which hosts may receive a secret; 'sandbox' also allows loopback. @default 'production' */
  hostPolicy?: HostPolicy
  /** Per-request timeout. @default 60000 */
  timeoutMs?: number
  /** Attempts per call including the first, for retryable failures. @default 4 */
  maxAttempts?: number
  /** Attempts for rate-limited answers (429), not counted against maxAttempts. @default 8 */
  maxRateLimitedAttempts?: number
  /** First backoff wait; doubles each attempt, with jitter. @default 1000 */
  retryBaseMs?: number
  /** Longest single backoff wait. @default 60000 */
  retryMaxMs?: number
}

/** Production token host (Global Landing Zone). */
export const CONCUR_PRODUCTION_TOKEN_URL = 'https://glz.api.concursolutions.com'

/** Dependencies of the transport (and of everything built on it). */
export type ConcurTransportDeps = Readonly<{
  fetch: Fetch
  clock: Clock
  log: Logger
  config: () => ConcurConfig
  /** Source of jitter; Math.random by default. */
  random?: () => number
}>

/** A received answer (any status). */
export interface Reply {
  status: number
  text: string
  headers: HttpResponse['headers']
  correlationId: string
}

/** The transport. */
export interface ConcurTransport {
  settings(): Required<ConcurConfig>
  /** One exchange; throws ConcurError for no answer (offline, timeout, cancelled) or a refused host. */
  send(
    entityKey: string,
    op: string,
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply>
  /** Retries retryable failures (core/errors/retry-call.ts): backoff with jitter, Retry-After honoured. */
  withRetry<T>(
    op: string,
    entityKey: string,
    signal: AbortSignal | undefined,
    attemptOnce: () => Promise<T>,
    mayRetry?: (err: ConcurError) => boolean,
  ): Promise<T>
  retryAfterMsOf(headers: HttpResponse['headers']): number | undefined
}

/** Creates the transport. */
export function createConcurTransport(deps: ConcurTransportDeps): ConcurTransport {
  const log = deps.log.child('concur')
  const random = deps.random ?? Math.random

  function settings(): Required<ConcurConfig> {
    const c = deps.config()
    return {
      tokenBaseUrl: c.tokenBaseUrl || CONCUR_PRODUCTION_TOKEN_URL,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      hostPolicy: c.hostPolicy ?? 'production',
      timeoutMs: c.timeoutMs ?? 60_000,
      maxAttempts: Math.max(1, c.maxAttempts ?? 4),
      maxRateLimitedAttempts: Math.max(1, c.maxRateLimitedAttempts ?? 8),
      retryBaseMs: c.retryBaseMs ?? 1_000,
      retryMaxMs: c.retryMaxMs ?? 60_000,
    }
  }

  function correlationIdFor(entityKey: string): string {
    // SAP suggests our own random id prefixed with the company id, so support can find every call of one entity.
    return `${entityKey.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}-${globalThis.crypto.randomUUID()}`
  }

  async function send(
    entityKey: string,
    op: string,
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply> {
    const { timeoutMs, hostPolicy } = settings()
    // Every call carries a secret (bearer, refresh or request token, client secret): check first.
    requireConcurHost(url, hostPolicy, `to call ${describeOp(op)} at this address`)
    const correlationId = correlationIdFor(entityKey)
    const parsed = new URL(url)
    const facts = { entity: entityKey, method, host: parsed.host, path: parsed.pathname, correlationId }
    // One controller per call instead of AbortSignal.timeout + AbortSignal.any: on Node 20 those
    // register every call as a dependant of the long-lived run signal, which costs CPU and GC
    // at thousands of calls per poll.
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort(new DOMException('The Concur call timed out', 'TimeoutError'))
    }, timeoutMs)
    const relayAbort = (): void => controller.abort(signal?.reason)
    if (signal?.aborted) relayAbort()
    else signal?.addEventListener('abort', relayAbort, { once: true })
    const startedMs = deps.clock.nowMs()
    try {
      const response = await deps.fetch(url, {
        method,
        headers: { ...headers, 'concur-correlationid': correlationId },
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
      })
      const text = await response.text()
      const echoed = response.headers.get('concur-correlationid') ?? correlationId
      log.info(`${op}: ${method} ${parsed.host}${parsed.pathname} -> ${response.status}`, {
        ...facts,
        status: response.status,
        code: concurCodeOf(text),
        correlationId: echoed,
        durationMs: deps.clock.nowMs() - startedMs,
      })
      return { status: response.status, text, headers: response.headers, correlationId: echoed }
    } catch (err) {
      const durationMs = deps.clock.nowMs() - startedMs
      const where = `${method} ${parsed.host}${parsed.pathname}`
      if (signal?.aborted) {
        log.info(`${op}: ${where} cancelled`, { ...facts, durationMs })
        throw new ConcurError('cancelled', 'The Concur call was cancelled.', { correlationId, cause: err })
      }
      if (timedOut) {
        log.warn(`${op}: ${where} timed out`, { ...facts, durationMs, timeoutMs })
        throw new ConcurError(
          'timeout',
          `Concur did not answer within ${Math.round(timeoutMs / 1000)} s. The desk will try again later.`,
          { correlationId, retryable: true, cause: err },
        )
      }
      const networkCode = networkCodeOf(err)
      log.warn(`${op}: ${where} failed before a response`, { ...facts, durationMs, err: errorName(err) })
      throw new ConcurError(
        'offline',
        `Can't reach Concur (${parsed.host}). Check the network; the desk will try again.`,
        { correlationId, retryable: true, cause: err, ...(networkCode ? { networkCode } : {}) },
      )
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', relayAbort)
    }
  }

  function withRetry<T>(
    op: string,
    entityKey: string,
    signal: AbortSignal | undefined,
    attemptOnce: () => Promise<T>,
    mayRetry?: (err: ConcurError) => boolean,
  ): Promise<T> {
    const { maxAttempts, maxRateLimitedAttempts, retryBaseMs, retryMaxMs } = settings()
    return retryCall(
      attemptOnce,
      { maxAttempts, maxRateLimitedAttempts, baseMs: retryBaseMs, maxMs: retryMaxMs, random },
      {
        clock: deps.clock,
        signal,
        ...(mayRetry ? { mayRetry: (err) => err instanceof ConcurError && mayRetry(err) } : {}),
        onRetry: (err, attempt, waitMs) =>
          log.warn(`${op}: attempt ${attempt} failed (${err.kind}), retrying in ${waitMs} ms`, {
            entity: entityKey,
            status: err instanceof ConcurError ? err.status : undefined,
            code: err instanceof ConcurError ? err.code : undefined,
            correlationId: err.correlationId,
          }),
        cancelled: (cause) => new ConcurError('cancelled', 'The Concur call was cancelled.', { cause }),
      },
    )
  }

  return {
    settings,
    send,
    withRetry,
    retryAfterMsOf: (headers) => parseRetryAfter(headers.get('retry-after'), deps.clock.nowMs()),
  }
}

function describeOp(op: string): string {
  return op === 'exchange' || op === 'refresh' || op === 'client-check' ? 'the token service' : 'Concur'
}

/** Parses JSON, or null when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The OAuth2 `code` of a JSON error body, for the log line only. */
function concurCodeOf(text: string): number | undefined {
  if (!text.startsWith('{')) return undefined
  const body = parseJson(text) as Record<string, unknown> | null
  const code = body?.['code']
  return typeof code === 'number'
    ? code
    : typeof code === 'string' && /^\d+$/.test(code)
      ? Number(code)
      : undefined
}

function errorName(err: unknown): string {
  if (!(err instanceof Error)) return 'error'
  const code = networkCodeOf(err)
  return code ? `${err.name} (${code})` : err.name
}
