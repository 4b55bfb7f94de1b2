/**
 * The Concur connector's Travel Profile v2 calls (summary feed, profile GET and POST) for one
 * entity at a time. Access tokens come from the `ConcurAccess` port: the credential owner
 * (core/tokens/credential-owner.ts) is the only place that runs grants, so every refresh of an
 * entity goes through one lock and every rotation is persisted and written through to Faces.
 */
import type { Logger } from '../../logging/logger'
import type { TravelProfile } from './travel-profile'
import { ConcurError, statusError } from './concur-error'
import { formatConcurUtc } from './concur-time'
import { createConcurTransport, type ConcurTransportDeps, type Reply } from './concur-transport'
import { errorFromErrorElement, parseProfileXml, serializeProfileForPost } from './profile-xml'
import { parsePostResponse } from './post-response'
import {
  outcomeOf,
  rejectionAdvice,
  warningAdvice,
  type ProfileMessage,
  type ProfileOutcome,
} from './response-message'
import { parseSummaryXml } from './summary-xml'
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
export { CONCUR_PRODUCTION_TOKEN_URL, type ConcurConfig } from './concur-transport'
export type { ConcurErrorKind } from './concur-error'

/** A usable access token of one entity and the data centre to call with it. Held in memory only. */
export interface AccessGrant {
  accessToken: string
  /** Normalised, policy-checked base URL of the company's data centre. */
  geolocation: string
  expiresAtMs: number
}

/** Where the connector gets access tokens: the credential owner implements it. */
export interface ConcurAccess {
  /** A valid access token for the entity (refreshing under the entity's lock when needed). */
  accessToken(entityKey: string, signal?: AbortSignal): Promise<AccessGrant>
  /** Concur refused this access token (401/403): forget it so the next call refreshes. */
  invalidate(entityKey: string, accessToken: string): void
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
   * When Concur served the page, by its own clock (the HTTP Date header, whole seconds); null when
   * the answer had none. Tells the engine how far Concur's clock had got before it read a profile.
   */
  servedAtMs?: number | null
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
export type PostMessage = ProfileMessage

/** The outcome of a profile POST: ok is false when any E-message came back (a permanent rejection). */
export interface PostResult {
  ok: boolean
  outcome: ProfileOutcome
  messages: PostMessage[]
  /** What to do about a rejection or warning, naming the traveller; null on a clean success. */
  advice: string | null
  correlationId: string
}

/** The Concur connector: Travel Profile v2 per entity. */
export interface ConcurClient {
  /** Pages of the summary feed, fetched lazily one page at a time. */
  summaries(entityKey: string, query: SummaryQuery, signal?: AbortSignal): AsyncIterable<SummaryPage>
  /** One full profile; an unknown traveller gives a ConcurError of kind 'not-found' (travellerRejected). */
  getProfile(entityKey: string, by: ProfileKey, signal?: AbortSignal): Promise<TravelProfile>
  /** Creates or updates one profile (read-only elements are stripped before sending). */
  postProfile(
    entityKey: string,
    action: 'Create' | 'Update',
    profile: TravelProfile,
    signal?: AbortSignal,
  ): Promise<PostResult>
}

/**
 * Runs one HTTP attempt inside a request slot of `key` (the rate gate's `run`): the slot is held for
 * the exchange only, never while a retry backs off.
 */
export type RequestSlot = <T>(key: string, attempt: () => Promise<T>, signal?: AbortSignal) => Promise<T>

/** Dependencies of the connector. */
export type ConcurClientDeps = ConcurTransportDeps &
  Readonly<{
    access: ConcurAccess
    log: Logger
    /** Each Travel Profile attempt runs in a slot of its data centre (the geolocation). @default no limit */
    requestSlot?: RequestSlot
    /** Told on every 429 with the data centre and the wait Concur asked for (1 s without Retry-After). */
    onRateLimited?: (dataCentre: string, retryAfterMs: number) => void
  }>

const PROFILE_BASE_PATH = '/api/travelprofile/v2.0/'
const MAX_SUMMARY_PAGES = 10_000

/** Creates the Concur connector. */
export function createConcurClient(deps: ConcurClientDeps): ConcurClient {
  const log = deps.log.child('concur')
  const transport = createConcurTransport(deps)

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
    let token = await deps.access.accessToken(entityKey, signal)
    for (let renewed = false; ; renewed = true) {
      const current = token
      const dataCentre = current.geolocation
      const exchange = (): Promise<Reply> =>
        transport.send(
          entityKey,
          op,
          method,
          `${dataCentre}${PROFILE_BASE_PATH}${pathAndQuery}`,
          {
            authorization: `Bearer ${current.accessToken}`,
            accept: 'application/xml',
            ...(body === undefined ? {} : { 'content-type': 'application/xml' }),
          },
          body,
          signal,
        )
      const reply = await transport.withRetry(
        op,
        entityKey,
        signal,
        async () => {
          // One slot per HTTP attempt: a backing-off retry must not hold its data centre's slot.
          const r = await (deps.requestSlot
            ? inSlot(deps.requestSlot, dataCentre, exchange, signal)
            : exchange())
          if (r.status === 429 || r.status >= 500) {
            const err = statusError(
              r.status,
              r.correlationId,
              describe(op),
              transport.retryAfterMsOf(r.headers),
            )
            if (r.status === 429) deps.onRateLimited?.(dataCentre, err.retryAfterMs ?? 1_000)
            throw err
          }
          return r
        },
        mayRetry,
      )
      if ((reply.status === 401 || reply.status === 403) && !renewed) {
        // Concur says the access token is expired or revoked: refresh, store, retry (migration guide).
        deps.access.invalidate(entityKey, current.accessToken)
        token = await deps.access.accessToken(entityKey, signal)
        continue
      }
      return reply
    }
  }

  function failure(reply: Reply, op: string, login = ''): ConcurError {
    // Auth failures and missing resources say more through their status than through Concur's prose.
    if (reply.status === 401 || reply.status === 403 || reply.status === 404)
      return statusError(reply.status, reply.correlationId, describe(op))
    const root = tryXmlRoot(reply.text)
    if (root && (tagOf(root) ?? '').toLowerCase() === 'error')
      return errorFromErrorElement(root, reply.status, reply.correlationId, login)
    return statusError(reply.status, reply.correlationId, describe(op))
  }

  return {
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
            const date = reply.headers.get('date')
            const servedAtMs = date === null ? NaN : Date.parse(date)
            yield { ...parsed, servedAtMs: Number.isFinite(servedAtMs) ? servedAtMs : null }
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
      if (reply.status !== 200) throw withContext(failure(reply, 'profile-get', value), entityKey, traveller)
      try {
        const profile = parseProfileXml(reply.text, value)
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
      const outcome = reply.status >= 200 && reply.status < 300 ? outcomeOf(messages) : 'rejected'
      const ok = outcome !== 'rejected'
      const advice =
        outcome === 'success'
          ? null
          : outcome === 'warning'
            ? warningAdvice(messages, profile.loginId)
            : messages.some((m) => m.severity === 'error')
              ? rejectionAdvice(messages, profile.loginId)
              : `Concur refused the profile of ${profile.loginId} (HTTP ${reply.status}) without saying why. Check it in Concur.`
      if (!ok)
        log.warn('profile-post: Concur refused the update', {
          entity: entityKey,
          status: reply.status,
          codes: messages.map((m) => m.code).join(','),
          correlationId: reply.correlationId,
        })
      return { ok, outcome, messages, advice, correlationId: reply.correlationId }
    },
  }
}

/** Runs `exchange` in a slot; a cancel while waiting for the slot is a 'cancelled' ConcurError like any other. */
async function inSlot(
  slot: RequestSlot,
  key: string,
  exchange: () => Promise<Reply>,
  signal: AbortSignal | undefined,
): Promise<Reply> {
  try {
    return await slot(key, exchange, signal)
  } catch (err) {
    if (signal?.aborted && !(err instanceof ConcurError))
      throw new ConcurError('cancelled', 'The Concur call was cancelled.', { cause: err })
    throw err
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
    travellerRejected: e.travellerRejected,
    hostRefused: e.hostRefused,
    ...(e.messageCode === undefined ? {} : { messageCode: e.messageCode }),
    ...(e.networkCode === undefined ? {} : { networkCode: e.networkCode }),
    cause: e,
    ...(e.code === undefined ? {} : { code: e.code }),
    ...((e.status ?? reply?.status) === undefined ? {} : { status: e.status ?? reply?.status }),
    ...((e.correlationId ?? reply?.correlationId)
      ? { correlationId: e.correlationId ?? reply?.correlationId }
      : {}),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
  })
}

function tryXmlRoot(text: string): ReturnType<typeof rootOf> {
  try {
    return rootOf(parseXmlTree(text))
  } catch {
    return undefined
  }
}
