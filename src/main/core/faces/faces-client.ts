/**
 * The Faces HTTP client (contract: docs/faces-api.md). Failures are classified once into
 * FacesErrors; transient ones (network, timeout, 5xx, malformed bodies, 429 with its
 * X-Rate-Limit-Retry-After) are retried by core/errors/retry-call.ts on the injected clock. On 429
 * it also tells `onRateLimited`, so the caller can slow every request to Faces, not only this one.
 * Traveller calls run each HTTP attempt in a `requestSlot` (the rate gate), never holding it while
 * backing off. In production the API key is only ever sent over https (faces-host-policy.ts).
 */
import type { Logger } from '../../logging/logger'
import { secretRegistry } from '../../logging/redact'
import type { HostPolicy } from '../concur/geolocation-policy'
import { retryCall } from '../errors/retry-call'
import type { Clock, Fetch } from '../ports'
import { FacesError } from './faces-error'
import { checkFacesUrl } from './faces-host-policy'
import type { FacesTraveller, FlatPatch } from './faces-traveller'

export { FacesError } from './faces-error'

/** Where Faces is and how to sign in. Read on every call so settings changes apply at once. */
export type FacesConfig = { baseUrl: string; user: string; apiKey: string }

/** The Concur link of a Faces company as Faces reports it (the refresh token is never read back). */
export type FacesConcurLinkView = {
  hasRefreshToken: boolean
  /** Generation of the refresh token Faces holds (null when set without one, by an older desk). */
  refreshTokenGeneration: number | null
  travelConfigIds: string[]
  geolocation: string
  interfaceActive: boolean
  pollingActive: boolean
  updatedAtMs: number
}

/** A partial update of a company's Concur link (absent = unchanged; see docs/faces-api.md). */
export type FacesConcurLinkPatch = {
  refreshToken?: string
  refreshTokenGeneration?: number
  travelConfigIds?: string[]
  geolocation?: string
  interfaceActive?: boolean
  pollingActive?: boolean
}

/** What `GET /api/v1/status` says: Faces is there and the credentials work. */
export type FacesStatus = { service: string; user: string }

/** One change of the Faces change feed. */
export type FacesChange = {
  seq: number
  companyId: string
  travellerId: string
  concurLoginId: string | null
  version: number
  atMs: number
  origin: 'user' | 'api'
}

/** Stable key of an upsert: Faces matches Concur UUID first, then employee id, then login id. */
export type FacesTravellerKey = {
  concurLoginId: string
  concurUuid?: string | null
  employeeId?: string | null
}

/** Result of an idempotent upsert. */
export type FacesUpsertResult = {
  traveller: FacesTraveller
  created: boolean
  changed: boolean
  matchedBy: 'concurUuid' | 'employeeId' | 'concurLoginId' | null
  loginIdChangedFrom: string | null
}

/** The Faces API client. */
export interface FacesClient {
  getCompany(
    companyId: string,
    signal?: AbortSignal,
  ): Promise<{ id: string; name: string; concurLink: FacesConcurLinkView | null }>
  /** PATCHes the company's Concur link (the write-through port); resolves with the link Faces now holds. */
  updateCompanyConcurLink(
    companyId: string,
    patch: FacesConcurLinkPatch,
    options?: { signal?: AbortSignal; maxAttempts?: number },
  ): Promise<FacesConcurLinkView>
  /** A cheap authenticated read, for Settings → Test connection (one attempt, no retries). */
  status(signal?: AbortSignal): Promise<FacesStatus>
  upsertTraveller(
    companyId: string,
    key: FacesTravellerKey,
    patch: FlatPatch,
    options?: { onLoginIdChange?: 'update' | 'reject'; ifAbsent?: boolean; signal?: AbortSignal },
  ): Promise<FacesUpsertResult>
  getTraveller(companyId: string, travellerId: string, signal?: AbortSignal): Promise<FacesTraveller>
  findByLogin(companyId: string, concurLoginId: string, signal?: AbortSignal): Promise<FacesTraveller[]>
  /** One long poll of the change feed from `cursor` (exclusive count of changes already seen). */
  changes(
    cursor: number,
    options?: { waitMs?: number; limit?: number; signal?: AbortSignal },
  ): Promise<{ changes: FacesChange[]; nextCursor: number }>
}

/** Dependencies of the Faces client. */
export type FacesClientDeps = Readonly<{
  fetch: Fetch
  clock: Clock
  log: Logger
  config: () => FacesConfig
  /** Per-request timeout (the change feed adds its wait). @default 30000 */
  timeoutMs?: number
  /** Attempts per call including the first, for retryable failures. @default 4 */
  maxAttempts?: number
  /** Attempts for 429 answers, not counted against maxAttempts. @default 8 */
  maxRateLimitedAttempts?: number
  /** First backoff wait, doubling. @default 500 */
  retryBaseMs?: number
  /** Longest backoff wait. @default 30000 */
  retryMaxMs?: number
  /** Jitter source for backoffs. @default Math.random */
  random?: () => number
  /** Where the API key may go: 'production' (https only) or 'sandbox' (also http on loopback). @default 'production' */
  hostPolicy?: () => HostPolicy
  /** Called on every 429 with the wait Faces asked for. */
  onRateLimited?: (retryAfterMs: number) => void
  /** Awaited before every attempt, outside the slot (e.g. refreshing the cached config). */
  beforeRequest?: (signal?: AbortSignal) => Promise<void>
  /**
   * Runs each HTTP attempt of a traveller call (upsert, get, find) in a request slot (the rate
   * gate's 'faces' key). The change feed's long poll and the company calls do not take one.
   * @default no limit
   */
  requestSlot?: <T>(attempt: () => Promise<T>, signal?: AbortSignal) => Promise<T>
}>

/** `https://faces.example.com//` → `https://faces.example.com` (a loop: `/\/+$/` is quadratic on a run of `/`). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length
  while (end > 0 && url[end - 1] === '/') end--
  return url.slice(0, end)
}

/** Creates the Faces client. */
export function createFacesClient(deps: FacesClientDeps): FacesClient {
  const log = deps.log.child('faces')
  const timeoutMs = deps.timeoutMs ?? 30_000

  /** The address of `path`, after the host policy allowed the configured base URL. */
  function addressOf(cfg: FacesConfig, path: string): string {
    if (!cfg.baseUrl)
      throw new FacesError('invalid-input', 'The Faces URL is not set. Enter it in Settings → Production.')
    const verdict = checkFacesUrl(cfg.baseUrl, deps.hostPolicy?.() ?? 'production')
    // Refused before anything is sent: the API key must not travel unencrypted.
    if (!verdict.ok) throw new FacesError('invalid-input', verdict.message)
    return withoutTrailingSlashes(cfg.baseUrl.trim()) + path
  }

  /** One HTTP exchange, classified: resolves with the JSON body of a 2xx, else throws a FacesError. */
  async function exchange(
    method: string,
    url: string,
    cfg: FacesConfig,
    body: unknown,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    // One controller per call and a plain timer (request timeouts are real time, like Concur's).
    const controller = new AbortController()
    const onOuterAbort = (): void => controller.abort()
    signal?.addEventListener('abort', onOuterAbort, { once: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs + waitMs)
    try {
      const res = await deps.fetch(url, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${cfg.user}:${cfg.apiKey}`).toString('base64')}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: controller.signal,
      })
      const text = await res.text()
      let json: unknown
      try {
        json = text ? JSON.parse(text) : null
      } catch (cause) {
        throw new FacesError(
          'remote-failed',
          'Faces sent a response the desk could not read. It will try again.',
          { status: res.status, retryable: true, cause },
        )
      }
      if (res.ok) return json
      throw failureOf(res.status, json, res.headers.get('x-rate-limit-retry-after'))
    } catch (err) {
      if (err instanceof FacesError) throw err
      if (signal?.aborted) throw new FacesError('cancelled', 'The operation was cancelled.', { cause: err })
      if (timedOut)
        throw new FacesError('timeout', 'Faces did not answer in time. The desk will try again.', {
          retryable: true,
          cause: err,
        })
      throw new FacesError('offline', 'The desk cannot reach Faces. Check the network; it will try again.', {
        retryable: true,
        cause: err,
      })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onOuterAbort)
    }
  }

  /** Classifies a non-2xx answer (retryability decided here, once). */
  function failureOf(status: number, json: unknown, retryAfterHeader: string | null): FacesError {
    const err = ((json as { error?: Record<string, unknown> } | null)?.error ?? {}) as Record<string, unknown>
    const code = typeof err['code'] === 'string' ? err['code'] : undefined
    const said = (fallback: string): string =>
      typeof err['message'] === 'string' ? err['message'] : fallback
    if (status === 429) {
      const seconds = Number(retryAfterHeader ?? '1')
      const retryAfterMs = Math.max(0, Number.isFinite(seconds) ? seconds * 1000 : 1000)
      deps.onRateLimited?.(retryAfterMs)
      return new FacesError('rate-limited', 'Faces asked the desk to slow down. It will continue shortly.', {
        status,
        retryable: true,
        retryAfterMs,
      })
    }
    if (status === 401 || status === 403)
      return new FacesError(
        'token-rejected',
        'Faces rejected the desk’s credentials. Check the Faces user and API key in Settings.',
        { status },
      )
    if (status === 404)
      return new FacesError('not-found', said('Faces does not know this item.'), {
        status,
        ...(code ? { code } : {}),
      })
    if (status === 409)
      return new FacesError('conflict', said('Faces reported a conflict.'), {
        status,
        body: err,
        ...(code ? { code } : {}),
      })
    if (status >= 500)
      return new FacesError(
        'remote-failed',
        `Faces had a problem (HTTP ${status}). The desk will try again.`,
        {
          status,
          retryable: true,
        },
      )
    return new FacesError('invalid-input', said(`Faces refused the request (HTTP ${status}).`), {
      status,
      ...(code ? { code } : {}),
    })
  }

  async function call(
    method: string,
    path: string,
    body?: unknown,
    opts: { signal?: AbortSignal; waitMs?: number; maxAttempts?: number; slot?: boolean } = {},
  ): Promise<unknown> {
    const signal = opts.signal
    const attempt = async (): Promise<unknown> => {
      await deps.beforeRequest?.(signal)
      const cfg = deps.config()
      secretRegistry.register(cfg.apiKey)
      const url = addressOf(cfg, path)
      const once = (): Promise<unknown> => exchange(method, url, cfg, body, opts.waitMs ?? 0, signal)
      if (!opts.slot || !deps.requestSlot) return once()
      try {
        return await deps.requestSlot(once, signal)
      } catch (err) {
        if (signal?.aborted && !(err instanceof FacesError))
          throw new FacesError('cancelled', 'The operation was cancelled.', { cause: err })
        throw err
      }
    }
    return retryCall(
      attempt,
      {
        maxAttempts: Math.max(1, opts.maxAttempts ?? deps.maxAttempts ?? 4),
        maxRateLimitedAttempts: deps.maxRateLimitedAttempts ?? 8,
        baseMs: deps.retryBaseMs ?? 500,
        maxMs: deps.retryMaxMs ?? 30_000,
        ...(deps.random ? { random: deps.random } : {}),
      },
      {
        clock: deps.clock,
        signal,
        onRetry: (err, n, waitMs) =>
          log.debug(`${method} ${path.split('?')[0]}: ${err.kind}, retry ${n} in ${waitMs} ms`),
        cancelled: (cause) => new FacesError('cancelled', 'The operation was cancelled.', { cause }),
      },
    )
  }

  const c = (id: string): string => `/api/v1/companies/${encodeURIComponent(id)}`

  return {
    async getCompany(companyId, signal) {
      return (await call('GET', c(companyId), undefined, { ...(signal ? { signal } : {}) })) as Awaited<
        ReturnType<FacesClient['getCompany']>
      >
    },
    async updateCompanyConcurLink(companyId, patch, options = {}) {
      if (patch.refreshToken !== undefined) secretRegistry.register(patch.refreshToken)
      const company = (await call('PATCH', `${c(companyId)}/concur-link`, patch, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      })) as { concurLink?: FacesConcurLinkView | null } | null
      const link = company?.concurLink
      if (!link || typeof link !== 'object')
        throw new FacesError(
          'remote-failed',
          'Faces answered the Concur link update without the link. It will try again.',
          {
            retryable: true,
          },
        )
      return { ...link, refreshTokenGeneration: link.refreshTokenGeneration ?? null }
    },
    async status(signal) {
      const out = (await call('GET', '/api/v1/status', undefined, {
        ...(signal ? { signal } : {}),
        maxAttempts: 1,
      })) as Partial<FacesStatus> | null
      if (!out || typeof out.service !== 'string')
        throw new FacesError('not-found', 'The Faces URL answers, but not with the Faces API status.', {
          code: 'not-faces',
        })
      return { service: out.service, user: typeof out.user === 'string' ? out.user : '' }
    },
    async upsertTraveller(companyId, key, patch, options = {}) {
      return (await call(
        'PUT',
        `${c(companyId)}/travellers`,
        {
          key,
          patch,
          onLoginIdChange: options.onLoginIdChange ?? 'update',
          ...(options.ifAbsent ? { ifAbsent: true } : {}),
        },
        { signal: options.signal, slot: true },
      )) as FacesUpsertResult
    },
    async getTraveller(companyId, travellerId, signal) {
      return (await call('GET', `${c(companyId)}/travellers/${encodeURIComponent(travellerId)}`, undefined, {
        signal,
        slot: true,
      })) as FacesTraveller
    },
    async findByLogin(companyId, concurLoginId, signal) {
      const out = (await call(
        'GET',
        `${c(companyId)}/travellers?concurLoginId=${encodeURIComponent(concurLoginId)}`,
        undefined,
        { signal, slot: true },
      )) as { travellers: FacesTraveller[] }
      return out.travellers
    },
    async changes(cursor, options = {}) {
      const waitMs = options.waitMs ?? 0
      const out = (await call(
        'GET',
        `/api/v1/changes?cursor=${cursor}&limit=${options.limit ?? 200}&waitMs=${waitMs}`,
        undefined,
        {
          signal: options.signal,
          waitMs,
        },
      )) as { changes: FacesChange[]; nextCursor: number }
      if (!Array.isArray(out?.changes) || typeof out.nextCursor !== 'number') {
        throw new FacesError('remote-failed', 'Faces sent a change feed page the desk could not read.', {
          retryable: true,
        })
      }
      return out
    },
  }
}
