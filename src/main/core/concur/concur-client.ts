import type { Clock, Fetch, HttpResponse } from '../ports'
import type { Logger } from '../../logging/logger'
import { secretRegistry } from '../../logging/redact'
import type { TravelProfile } from './travel-profile'
import { ConcurError, statusError, tokenErrorFromResponse, type TokenOperation } from './concur-error'
import { formatConcurUtc } from './concur-time'
import { parseRetryAfter } from './retry-after'
import { normaliseGeolocation } from './geolocation'
import { errorFromErrorElement, parseProfileXml, serializeProfileForPost } from './profile-xml'
import { parsePostResponse } from './post-response'
import { parseSummaryXml } from './summary-xml'
import { parseTokenResponse, type TokenGrant } from './token-response'
import { parseXmlTree, rootOf, tagOf } from './xml-tree'

export type * from './travel-profile'
export { ConcurError } from './concur-error'
export { formatConcurUtc, parseConcurUtc } from './concur-time'
export { normaliseGeolocation } from './geolocation'
export { parseProfileXml, serializeProfileForPost } from './profile-xml'
export { parseSummaryXml } from './summary-xml'
export { parsePostResponse } from './post-response'
export { parseTokenResponse } from './token-response'
export { parseRetryAfter } from './retry-after'
export type { ConcurErrorKind } from './concur-error'

/** What survives a restart for one entity: the refresh token goes to the keychain, the rest to settings. */
export interface ConcurCredential {
  refreshToken: string
  /** Normalised base URL of the company's data centre (scheme + host + port). */
  geolocation: string
  /** When the refresh token expires (epoch ms), or null when Concur did not say. */
  refreshExpiresAtMs: number | null
}

/** Persists credentials per entity (the outtask/company key). */
export interface ConcurCredentialStore {
  load(entityKey: string): Promise<ConcurCredential | null>
  /** Persist before the access token is used (keychain for the token, settings for the rest). */
  save(entityKey: string, credential: ConcurCredential): Promise<void>
}

/** Read on every call, so settings changes apply without rebuilding the client. */
export interface ConcurConfig {
  /** Token host for the request-token exchange. @default 'https://glz.api.concursolutions.com' */
  tokenBaseUrl: string
  clientId: string
  clientSecret: string
  /** Per-request timeout. @default 60000 */
  timeoutMs?: number
  /** Attempts per call including the first, for retryable failures. @default 4 */
  maxAttempts?: number
  /** First backoff wait; doubles each attempt, with jitter. @default 1000 */
  retryBaseMs?: number
  /** Longest single backoff wait. @default 60000 */
  retryMaxMs?: number
}

/** Production token host (Global Landing Zone). */
export const CONCUR_PRODUCTION_TOKEN_URL = 'https://glz.api.concursolutions.com'

/** Metadata of a token grant; never holds a secret. */
export interface ExchangeResult {
  geolocation: string
  refreshExpiresAtMs: number | null
  correlationId: string
  scopes: string[]
}

/** Filters of the summary (change feed) call. */
export interface SummaryQuery {
  /** Profiles modified at or after this instant (sent as whole UTC seconds). */
  modifiedSinceMs: number
  travelConfigIds?: string[]
  /** true → Active=1, false → Active=0, absent → both. */
  active?: boolean
  /** 1..200. @default 200 */
  itemsPerPage?: number
}

/** One traveller in a summary page. Summaries carry no UUID. */
export interface ProfileSummary {
  loginId: string
  xmlProfileSyncId: string | null
  status: 'Active' | 'Inactive'
  lastModifiedMs: number
}

/** One page of the summary feed. */
export interface SummaryPage {
  page: number
  totalPages: number
  totalItems: number
  items: ProfileSummary[]
  /**
   * Rows of this page that could not be read (no LoginID, bad timestamp or status). They are reported
   * here instead of failing the page, so one bad row never stops the other travellers. Absent when none.
   */
  problems?: SummaryRowProblem[]
}

/** One unreadable summary row: the login when there was one, and what was wrong. */
export interface SummaryRowProblem {
  loginId: string | null
  message: string
}

/** How to address one traveller on GET. */
export type ProfileKey = { login: string } | { uuid: string } | { xmlSyncId: string }

/** One message of a profile POST response. */
export interface PostMessage {
  code: string
  message: string
  field?: string
  severity: 'success' | 'warning' | 'error'
}

/** The outcome of a profile POST: ok is false when any E-message came back. */
export interface PostResult {
  ok: boolean
  messages: PostMessage[]
  correlationId: string
}

/** The Concur connector: tokens per entity plus Travel Profile v2. */
export interface ConcurClient {
  /** Exchanges a company request token; saves the credential through the store; returns metadata only (no secret). */
  exchangeRequestToken(
    input: { entityKey: string; companyUuid: string; requestToken: string },
    signal?: AbortSignal,
  ): Promise<ExchangeResult>
  /** Forces a refresh grant now (renewal); persists rotation. */
  refreshNow(entityKey: string, signal?: AbortSignal): Promise<ExchangeResult>
  /** Pages of the summary feed, fetched lazily one page at a time. */
  summaries(entityKey: string, query: SummaryQuery, signal?: AbortSignal): AsyncIterable<SummaryPage>
  /** One full profile; an unknown traveller gives a ConcurError of kind 'not-found'. */
  getProfile(entityKey: string, by: ProfileKey, signal?: AbortSignal): Promise<TravelProfile>
  /** Creates or updates one profile (read-only elements are stripped before sending). */
  postProfile(
    entityKey: string,
    action: 'Create' | 'Update',
    profile: TravelProfile,
    signal?: AbortSignal,
  ): Promise<PostResult>
  /** Drops the cached access token of an entity (e.g. after the entity is removed). */
  forget(entityKey: string): void
}

/** Dependencies of the connector. */
export type ConcurClientDeps = Readonly<{
  fetch: Fetch
  clock: Clock
  log: Logger
  config: () => ConcurConfig
  credentials: ConcurCredentialStore
  /** Source of jitter and correlation-id randomness; Math.random by default. */
  random?: () => number
}>

/** Refresh this long before the access token's stated expiry, so a call never carries a token that dies in flight. */
export const ACCESS_TOKEN_EARLY_REFRESH_MS = 5 * 60_000

const TOKEN_PATH = '/oauth2/v0/token'
const PROFILE_BASE_PATH = '/api/travelprofile/v2.0/'
const MAX_SUMMARY_PAGES = 10_000

interface CachedToken {
  accessToken: string
  expiresAtMs: number
  geolocation: string
}

interface Reply {
  status: number
  text: string
  headers: HttpResponse['headers']
  correlationId: string
}

/** Creates the Concur connector. */
export function createConcurClient(deps: ConcurClientDeps): ConcurClient {
  const log = deps.log.child('concur')
  const random = deps.random ?? Math.random
  const cache = new Map<string, CachedToken>()
  const inflight = new Map<string, Promise<{ token: CachedToken; result: ExchangeResult }>>()

  function settings(): Required<ConcurConfig> {
    const c = deps.config()
    return {
      tokenBaseUrl: c.tokenBaseUrl || CONCUR_PRODUCTION_TOKEN_URL,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      timeoutMs: c.timeoutMs ?? 60_000,
      maxAttempts: Math.max(1, c.maxAttempts ?? 4),
      retryBaseMs: c.retryBaseMs ?? 1_000,
      retryMaxMs: c.retryMaxMs ?? 60_000,
    }
  }

  function correlationIdFor(entityKey: string): string {
    // SAP suggests our own random id prefixed with the company id, so support can find every call of one entity.
    return `${entityKey.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}-${globalThis.crypto.randomUUID()}`
  }

  /** One HTTP exchange with timeout, correlation id and an outcome log line (no bodies, no query). */
  async function send(
    entityKey: string,
    op: string,
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply> {
    const { timeoutMs } = settings()
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
    const combined = controller.signal
    const startedMs = deps.clock.nowMs()
    try {
      const response = await deps.fetch(url, {
        method,
        headers: { ...headers, 'concur-correlationid': correlationId },
        ...(body === undefined ? {} : { body }),
        signal: combined,
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
      if (signal?.aborted) {
        log.info(`${op}: ${method} ${parsed.host}${parsed.pathname} cancelled`, { ...facts, durationMs })
        throw new ConcurError('cancelled', 'The Concur call was cancelled.', { correlationId, cause: err })
      }
      if (timedOut) {
        log.warn(`${op}: ${method} ${parsed.host}${parsed.pathname} timed out`, {
          ...facts,
          durationMs,
          timeoutMs,
        })
        throw new ConcurError(
          'timeout',
          `Concur did not answer within ${Math.round(timeoutMs / 1000)} s. The desk will try again later.`,
          {
            correlationId,
            retryable: true,
            cause: err,
          },
        )
      }
      log.warn(`${op}: ${method} ${parsed.host}${parsed.pathname} failed before a response`, {
        ...facts,
        durationMs,
        err: errorName(err),
      })
      throw new ConcurError(
        'offline',
        `Can't reach Concur (${parsed.host}). Check the network; the desk will try again.`,
        {
          correlationId,
          retryable: true,
          cause: err,
        },
      )
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', relayAbort)
    }
  }

  /** Retries retryable ConcurErrors with exponential backoff and jitter, honouring Retry-After; waits on the injected clock. */
  async function withRetry<T>(
    op: string,
    entityKey: string,
    signal: AbortSignal | undefined,
    attemptOnce: () => Promise<T>,
    mayRetry: (err: ConcurError) => boolean = () => true,
  ): Promise<T> {
    const { maxAttempts, retryBaseMs, retryMaxMs } = settings()
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce()
      } catch (err) {
        // Code 134 (maintenance) is retryable, but in hours, not seconds: leave it to the caller's schedule.
        if (
          !(err instanceof ConcurError) ||
          !err.retryable ||
          err.code === 134 ||
          !mayRetry(err) ||
          attempt >= maxAttempts
        )
          throw err
        const backoffMs = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1)) * (0.5 + random() * 0.5)
        const waitMs =
          err.retryAfterMs !== undefined && err.retryAfterMs > 0
            ? Math.min(err.retryAfterMs, retryMaxMs * 10)
            : Math.round(backoffMs)
        log.warn(`${op}: attempt ${attempt} failed (${err.kind}), retrying in ${waitMs} ms`, {
          entity: entityKey,
          status: err.status,
          code: err.code,
          correlationId: err.correlationId,
        })
        try {
          await deps.clock.wait(waitMs, signal)
        } catch (abortErr) {
          throw new ConcurError('cancelled', 'The Concur call was cancelled.', { cause: abortErr })
        }
      }
    }
  }

  function retryAfterMsOf(headers: HttpResponse['headers']): number | undefined {
    return parseRetryAfter(headers.get('retry-after'), deps.clock.nowMs())
  }

  /** POSTs one grant to `{baseUrl}/oauth2/v0/token`; on code 16 retries once at the geolocation in the error body. */
  async function grant(
    op: TokenOperation,
    entityKey: string,
    baseUrl: string,
    form: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<{ grant: TokenGrant; correlationId: string; redirectedTo: string | null }> {
    const once = (base: string): Promise<{ grant: TokenGrant; correlationId: string }> =>
      withRetry(op, entityKey, signal, async () => {
        const reply = await send(
          entityKey,
          op,
          'POST',
          `${base}${TOKEN_PATH}`,
          // No charset: the TMC guide says the OAuth2 service wants the bare media type.
          { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          new URLSearchParams(form).toString(),
          signal,
        )
        const json = parseJson(reply.text)
        if (reply.status !== 200)
          throw tokenErrorFromResponse(
            op,
            reply.status,
            json,
            reply.correlationId,
            retryAfterMsOf(reply.headers),
          )
        const body = json as Record<string, unknown> | null
        // Register every token value before anything else can touch (and log) it.
        if (body && typeof body === 'object')
          for (const k of ['access_token', 'refresh_token', 'id_token'])
            if (typeof body[k] === 'string') secretRegistry.register(body[k])
        try {
          return { grant: parseTokenResponse(json), correlationId: reply.correlationId }
        } catch (err) {
          if (err instanceof ConcurError)
            throw new ConcurError(err.kind, err.message, {
              status: reply.status,
              correlationId: reply.correlationId,
              cause: err,
            })
          throw err
        }
      })
    try {
      return { ...(await once(baseUrl)), redirectedTo: null }
    } catch (err) {
      const elsewhere =
        err instanceof ConcurError && err.code === 16 ? normaliseGeolocation(err.geolocation) : null
      if (!elsewhere || elsewhere === baseUrl) throw err
      log.info(`${op}: Concur says the company lives at ${elsewhere}, retrying there once`, {
        entity: entityKey,
        correlationId: (err as ConcurError).correlationId,
      })
      return { ...(await once(elsewhere)), redirectedTo: elsewhere }
    }
  }

  /** Persists the credential from a grant (rotation + geolocation) before the access token can be used. */
  async function adopt(
    entityKey: string,
    result: { grant: TokenGrant; correlationId: string; redirectedTo: string | null },
    previous: ConcurCredential | null,
    fallbackGeolocation: string,
  ): Promise<{ token: CachedToken; result: ExchangeResult }> {
    const g = result.grant
    const refreshToken = g.refreshToken ?? previous?.refreshToken
    if (!refreshToken)
      throw new ConcurError(
        'remote-failed',
        'Concur accepted the request token but sent no refresh token. Ask the customer for a new request token.',
        {
          correlationId: result.correlationId,
        },
      )
    const geolocation = g.geolocation ?? result.redirectedTo ?? fallbackGeolocation
    const credential: ConcurCredential = {
      refreshToken,
      geolocation,
      refreshExpiresAtMs:
        g.refreshExpiresAtMs ??
        (previous && previous.refreshToken === refreshToken ? previous.refreshExpiresAtMs : null),
    }
    // Persist first: Concur may have rotated the refresh token, and the old one may already be dead.
    await deps.credentials.save(entityKey, credential)
    const token: CachedToken = {
      accessToken: g.accessToken,
      expiresAtMs: deps.clock.nowMs() + g.expiresInMs,
      geolocation,
    }
    cache.set(entityKey, token)
    log.info(`token: credential saved`, {
      entity: entityKey,
      geolocation,
      rotated: previous !== null && previous.refreshToken !== refreshToken,
      refreshExpiresAtMs: credential.refreshExpiresAtMs,
      correlationId: result.correlationId,
    })
    return {
      token,
      result: {
        geolocation,
        refreshExpiresAtMs: credential.refreshExpiresAtMs,
        correlationId: result.correlationId,
        scopes: g.scopes,
      },
    }
  }

  function refreshShared(entityKey: string): Promise<{ token: CachedToken; result: ExchangeResult }> {
    const running = inflight.get(entityKey)
    if (running) return running
    const run = (async () => {
      const previous = await deps.credentials.load(entityKey)
      if (!previous)
        throw new ConcurError(
          'refresh-token-invalid',
          'No Concur credential is stored for this entity: exchange a request token first.',
        )
      secretRegistry.register(previous.refreshToken)
      const c = settings()
      secretRegistry.register(c.clientSecret)
      const base =
        normaliseGeolocation(previous.geolocation) ??
        normaliseGeolocation(c.tokenBaseUrl) ??
        CONCUR_PRODUCTION_TOKEN_URL
      try {
        // No caller signal here: the refresh is shared, and one caller giving up must not fail the others.
        const result = await grant(
          'refresh',
          entityKey,
          base,
          {
            grant_type: 'refresh_token',
            refresh_token: previous.refreshToken,
            client_id: c.clientId,
            client_secret: c.clientSecret,
          },
          undefined,
        )
        return await adopt(entityKey, result, previous, base)
      } catch (err) {
        cache.delete(entityKey)
        throw err
      }
    })().finally(() => {
      if (inflight.get(entityKey) === run) inflight.delete(entityKey)
    })
    inflight.set(entityKey, run)
    return run
  }

  async function accessToken(entityKey: string, signal: AbortSignal | undefined): Promise<CachedToken> {
    const cached = cache.get(entityKey)
    if (cached && deps.clock.nowMs() < cached.expiresAtMs - ACCESS_TOKEN_EARLY_REFRESH_MS) return cached
    return (await abortable(refreshShared(entityKey), signal)).token
  }

  /** One Travel Profile call: Bearer token, retries, and one forced refresh on 401/403. */
  async function api(
    entityKey: string,
    op: string,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body: string | undefined,
    signal: AbortSignal | undefined,
    mayRetry?: (err: ConcurError) => boolean,
  ): Promise<Reply> {
    let token = await accessToken(entityKey, signal)
    for (let renewed = false; ; renewed = true) {
      const current = token
      const reply = await withRetry(
        op,
        entityKey,
        signal,
        async () => {
          const r = await send(
            entityKey,
            op,
            method,
            `${current.geolocation}${PROFILE_BASE_PATH}${pathAndQuery}`,
            {
              authorization: `Bearer ${current.accessToken}`,
              accept: 'application/xml',
              ...(body === undefined ? {} : { 'content-type': 'application/xml' }),
            },
            body,
            signal,
          )
          if (r.status === 429 || r.status >= 500)
            throw statusError(r.status, r.correlationId, describe(op), retryAfterMsOf(r.headers))
          return r
        },
        mayRetry,
      )
      if ((reply.status === 401 || reply.status === 403) && !renewed) {
        // Concur says the access token is expired or revoked: refresh, store, retry (migration guide).
        cache.delete(entityKey)
        token = (await abortable(refreshShared(entityKey), signal)).token
        continue
      }
      return reply
    }
  }

  function failure(reply: Reply, op: string): ConcurError {
    // Auth failures and missing resources say more through their status than through Concur's prose.
    if (reply.status === 401 || reply.status === 403 || reply.status === 404)
      return statusError(reply.status, reply.correlationId, describe(op))
    const root = tryXmlRoot(reply.text)
    if (root && (tagOf(root) ?? '').toLowerCase() === 'error')
      return errorFromErrorElement(root, reply.status, reply.correlationId)
    return statusError(reply.status, reply.correlationId, describe(op))
  }

  return {
    async exchangeRequestToken(input, signal) {
      const c = settings()
      secretRegistry.register(input.requestToken)
      secretRegistry.register(c.clientSecret)
      if (!input.companyUuid.trim() || !input.requestToken.trim())
        throw new ConcurError(
          'invalid-input',
          'Both the company UUID and the request token are needed for the exchange.',
        )
      const base = normaliseGeolocation(c.tokenBaseUrl)
      if (!base)
        throw new ConcurError(
          'invalid-input',
          `The Concur token URL "${c.tokenBaseUrl}" is not an http(s) URL.`,
        )
      // Let a running refresh finish first, so it cannot overwrite the credential this exchange saves.
      const earlier = inflight.get(input.entityKey)
      const run = (async () => {
        await earlier?.catch(() => undefined)
        const previous = await deps.credentials.load(input.entityKey)
        const result = await grant(
          'exchange',
          input.entityKey,
          base,
          {
            grant_type: 'password',
            username: input.companyUuid.trim(),
            password: input.requestToken.trim(),
            credtype: 'authtoken',
            client_id: c.clientId,
            client_secret: c.clientSecret,
          },
          signal,
        )
        return adopt(input.entityKey, result, previous, base)
      })().finally(() => {
        if (inflight.get(input.entityKey) === run) inflight.delete(input.entityKey)
      })
      // Calls for this entity meanwhile wait for the exchange instead of refreshing the old credential.
      inflight.set(input.entityKey, run)
      return (await run).result
    },

    async refreshNow(entityKey, signal) {
      return (await abortable(refreshShared(entityKey), signal)).result
    },

    summaries(entityKey, query, signal) {
      const itemsPerPage = Math.min(200, Math.max(1, Math.floor(query.itemsPerPage ?? 200)))
      const since = formatConcurUtc(query.modifiedSinceMs)
      return {
        async *[Symbol.asyncIterator]() {
          for (let page = 1; page <= MAX_SUMMARY_PAGES; page++) {
            const params = new URLSearchParams({
              LastModifiedDate: since,
              Page: String(page),
              ItemsPerPage: String(itemsPerPage),
            })
            if (query.travelConfigIds && query.travelConfigIds.length > 0)
              params.set('travelConfigs', query.travelConfigIds.join(','))
            if (query.active !== undefined) params.set('Active', query.active ? '1' : '0')
            const reply = await api(
              entityKey,
              'summary',
              'GET',
              `summary?${params.toString()}`,
              undefined,
              signal,
            )
            if (reply.status !== 200)
              throw withContext(failure(reply, 'summary'), entityKey, `summary page ${page}`)
            let parsed: SummaryPage
            try {
              parsed = parseSummaryXml(reply.text)
            } catch (err) {
              throw withContext(err, entityKey, `summary page ${page}`, reply)
            }
            for (const problem of parsed.problems ?? [])
              log.warn(`summary: unreadable row on page ${page}`, {
                entity: entityKey,
                login: problem.loginId,
                problem: problem.message,
              })
            yield parsed
            if (parsed.items.length === 0 || page >= parsed.totalPages) return
          }
        },
      }
    },

    async getProfile(entityKey, by, signal) {
      const [type, value] =
        'login' in by ? ['login', by.login] : 'uuid' in by ? ['uuid', by.uuid] : ['xmlsyncid', by.xmlSyncId]
      const traveller = `${type === 'login' ? '' : `${type} `}${value}`
      const params = new URLSearchParams({ userid_type: type, userid_value: value })
      const reply = await api(
        entityKey,
        'profile-get',
        'GET',
        `profile?${params.toString()}`,
        undefined,
        signal,
      )
      if (reply.status !== 200) throw withContext(failure(reply, 'profile-get'), entityKey, traveller)
      try {
        const profile = parseProfileXml(reply.text)
        if (!profile.loginId && type === 'login') profile.loginId = value
        return profile
      } catch (err) {
        throw withContext(err, entityKey, traveller, reply)
      }
    },

    async postProfile(entityKey, action, profile, signal) {
      const body = serializeProfileForPost(profile, action)
      // A Create that timed out or failed with a 500 may have been applied; resending it would only earn
      // "already in use", so retry a Create only where Concur says it did not process it (429, 503).
      const mayRetry =
        action === 'Create' ? (err: ConcurError) => err.status === 429 || err.status === 503 : undefined
      const reply = await api(entityKey, 'profile-post', 'POST', 'profile', body, signal, mayRetry)
      let messages: PostMessage[]
      try {
        messages = parsePostResponse(reply.text)
      } catch (err) {
        // A non-XML body with an error status says more through its status than through the parse failure.
        if (reply.status !== 200 && tryXmlRoot(reply.text) === undefined)
          throw withContext(
            statusError(reply.status, reply.correlationId, describe('profile-post')),
            entityKey,
            profile.loginId,
          )
        throw withContext(err, entityKey, profile.loginId, reply)
      }
      const ok = reply.status >= 200 && reply.status < 300 && !messages.some((m) => m.severity === 'error')
      if (!ok)
        log.warn('profile-post: Concur refused the update', {
          entity: entityKey,
          status: reply.status,
          codes: messages.map((m) => m.code).join(','),
          correlationId: reply.correlationId,
        })
      return { ok, messages, correlationId: reply.correlationId }
    },

    forget(entityKey) {
      cache.delete(entityKey)
    },
  }
}

function describe(op: string): string {
  return op === 'summary'
    ? 'the profile summary'
    : op === 'profile-get'
      ? 'a profile read'
      : op === 'profile-post'
        ? 'a profile update'
        : 'the call'
}

/** Re-labels an error with the entity and the traveller, keeping its kind and ids. */
function withContext(err: unknown, entity: string, traveller: string, reply?: Reply): ConcurError {
  const e =
    err instanceof ConcurError
      ? err
      : new ConcurError(
          'bug',
          `Unexpected failure while reading Concur's answer: ${err instanceof Error ? err.name : 'error'}`,
          { cause: err },
        )
  return new ConcurError(e.kind, `${e.message} (entity ${entity}, traveller ${traveller})`, {
    retryable: e.retryable,
    cause: e,
    ...(e.code === undefined ? {} : { code: e.code }),
    ...((e.status ?? reply?.status) === undefined ? {} : { status: e.status ?? reply?.status }),
    ...((e.correlationId ?? reply?.correlationId)
      ? { correlationId: e.correlationId ?? reply?.correlationId }
      : {}),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function tryXmlRoot(text: string): ReturnType<typeof rootOf> {
  try {
    return rootOf(parseXmlTree(text))
  } catch {
    return undefined
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
  const cause = (err as Error & { cause?: { code?: unknown } }).cause
  return typeof cause?.code === 'string' ? `${err.name} (${cause.code})` : err.name
}

/** Lets one caller stop waiting on a shared promise without cancelling it for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new ConcurError('cancelled', 'The Concur call was cancelled.'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ConcurError('cancelled', 'The Concur call was cancelled.'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
