import type { Clock, Fetch } from '../ports'
import type { Logger } from '../../logging/logger'
import type { TravelProfile } from './travel-profile'

export type * from './travel-profile'
export { ConcurError } from './concur-error'
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

/** Creates the Concur connector. */
export function createConcurClient(deps: ConcurClientDeps): ConcurClient {
  void deps
  throw new Error('createConcurClient: not implemented yet')
}
