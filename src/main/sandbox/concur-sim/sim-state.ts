/**
 * The Concur simulator's shared state and public types: options, companies, tokens, travellers and
 * the request log. The token service, the profile service and the admin API all work on one state.
 */
import type { Clock } from '../../core/ports'
import type { XmlNode } from '../../core/concur/travel-profile'
import type { DemoSeed } from './seed-demo'
import { createFaultBook, type FaultRoute, type FaultRule } from './sim-faults'
import type { TravellerFields } from './sim-profiles'
import { createSeededRandom } from './sim-random'

export const HOUR_MS = 3_600_000
export const SIX_MONTHS_MS = 182 * 24 * HOUR_MS
export const ACCESS_TOKEN_MS = HOUR_MS
export const ALL_SCOPES = [
  'openid',
  'TRVPRF',
  'PASSV',
  'COMPD',
  'EMERG',
  'TSAI',
  'TMCSP',
  'MEDIC',
  'UNUTX',
  'USER',
  'COMPANY',
  'NOTIF',
  'FOP',
  'user.read',
  'company.read',
]

/** Which variant of Concur's inconsistent token responses the simulator sends (docs/concur-api.md §6.5). */
export interface ResponseVariant {
  /** @default 'string' */
  expiresIn?: 'string' | 'number'
  /** @default true */
  idToken?: boolean
  /** Include `refresh_expires_in` (epoch seconds). @default true */
  refreshExpiresIn?: boolean
  /**
   * 'strict' = the documented oddities together: upper-case letters in the host and the token path
   * appended (`HTTP://LocalHost:PORT/oauth2/v0/token` on loopback); 'upper' = upper-case scheme and a
   * trailing slash; 'with-path' = `…/oauth2/v0/token` appended; 'plain' = scheme://host:port.
   * @default 'strict'
   */
  geolocation?: 'strict' | 'plain' | 'upper' | 'with-path'
  /** Error `code` as a JSON number or a quoted string. @default 'number' */
  errorCode?: 'number' | 'string'
}

/** Options of the simulator. */
export interface ConcurSimulatorOptions {
  clock: Clock
  /** @default 12 h (the desk's intake rule; the docs say 24 h) */
  requestTokenLifetimeMs?: number
  /** multi = any number of uses within the lifetime; single = one (strict); five = at most five. @default 'single' */
  reusePolicy?: 'multi' | 'single' | 'five'
  /** Rotate the refresh token on every refresh (strict), never, or on a seeded half of them. @default 'always' */
  rotation?: 'never' | 'always' | 'random'
  /** How long a replaced refresh token keeps working. @default 0 (stops at once) */
  rotationGraceMs?: number
  /**
   * 'fixed' (strict) = six months from the exchange; a rotated token inherits the expiry and a refresh
   * never extends it. 'extend' = every refresh restarts the six months. @default 'fixed'
   */
  refreshLifetime?: 'fixed' | 'extend'
  /**
   * How an unknown login is answered on GET and on POST Update: 'e003' (strict) = HTTP 200 with a bare
   * TravelProfileResponseMessage E003; 'error-element' = the documented `<Error>Invalid User:…`. @default 'e003'
   */
  unknownUser?: 'e003' | 'error-element'
  /**
   * Processing time per call on the injected clock (a fake clock does not wait real time):
   * 'realistic' = token 350 ms, summary 180 ms, profile GET 120 ms, POST 220 ms; 'none'; or per route.
   * @default 'realistic'
   */
  latency?: 'realistic' | 'none' | Partial<Record<Exclude<FaultRoute, 'any'>, number>>
  /** Leave `refresh_token` out of refresh responses that do not rotate. @default false */
  omitRefreshToken?: boolean
  responseVariant?: ResponseVariant
  /** Real-time delay added to every response (benchmarks, timeouts). @default 0 */
  latencyMs?: number
  /** Seed of faults' probabilities, random rotation and demo data. @default 1 */
  seed?: number
  /** Data centres to serve. @default ['us2', 'eu2'] */
  dataCentres?: string[]
}

/** A simulated company. */
export interface SimCompany {
  uuid: string
  name: string
  outtaskId: string
  dataCentre: string
  travelConfigIds: string[]
  /** Client ids that may get tokens for the company; null = every registered client. */
  enabledClientIds: string[] | null
  /** Code 134 on every token request while true. */
  maintenance: boolean
  /** Scopes granted to the app for this company; profile sections of missing scopes are left out of GETs. */
  scopes: string[]
}

/** A traveller as the admin API lists it. */
export interface SimTraveller {
  companyUuid: string
  loginId: string
  uuid: string
  xmlSyncId: string
  status: 'Active' | 'Inactive'
  lastModifiedMs: number
  firstName: string
  lastName: string
  email: string
  travelConfigId: string
}

/** One line of the simulator's request log (no bodies, no secrets). */
export interface SimRequestLogEntry {
  atMs: number
  server: string
  method: string
  route: string
  path: string
  status: number | null
  correlationId: string
  code?: number | string
  grantType?: string
  fault?: string
  /** The company whose access token the call carried (profile routes). */
  companyUuid?: string
}

/** Changes the admin can make to a traveller (each bumps ProfileLastModifiedUTC). */
export interface TravellerChanges {
  firstName?: string
  lastName?: string
  middleName?: string
  jobTitle?: string
  travelConfigId?: string
  status?: 'Active' | 'Inactive'
  email?: string
}

/** In-process admin API; the same operations exist over HTTP under `/_admin/` on the GLZ port. */
export interface ConcurSimAdmin {
  /**
   * Registers an app. `agencyTravelConfigIds` makes it an agency (TMC) app: its company tokens then see
   * and write only travellers in those travel configs (docs/concur-api.md §3.3, Agency A/B).
   */
  registerClient(input: { clientId: string; clientSecret: string; agencyTravelConfigIds?: string[] }): void
  createCompany(input: Partial<SimCompany> & { name: string }): SimCompany
  updateCompany(uuid: string, changes: Partial<Omit<SimCompany, 'uuid'>>): SimCompany
  listCompanies(): SimCompany[]
  /**
   * A fresh request token for the company, bound to one client (the only/first registered one by
   * default). `issuedAtMs` backdates it (a reply that waited in a mailbox); `expiresAtMs` overrides
   * the lifetime (the Sandbox keeps it equal to the desk's own rule).
   */
  issueRequestToken(
    companyUuid: string,
    options?: { clientId?: string; issuedAtMs?: number; expiresAtMs?: number },
  ): string
  /**
   * Renames a traveller's login (the UUID and XmlSyncId stay), as when a company changes e-mail
   * domains; the profile counts as modified now. Throws for an unknown traveller or a login in use.
   */
  changeLoginId(companyUuid: string, loginId: string, newLoginId: string): SimTraveller
  upsertTraveller(
    input: Omit<TravellerFields, 'travelConfigId'> & {
      companyUuid: string
      loginId: string
      travelConfigId?: string
      status?: 'Active' | 'Inactive'
      xmlSyncId?: string
      profileXml?: string
    },
  ): SimTraveller
  modifyTraveller(companyUuid: string, loginId: string, changes: TravellerChanges): SimTraveller
  listTravellers(companyUuid?: string): SimTraveller[]
  /** The traveller's profile as a GET would return it. */
  travellerXml(companyUuid: string, loginId: string): string
  requestLog(): SimRequestLogEntry[]
  clearRequestLog(): void
  /** Adds a fault rule; returns its id (for removeFault). */
  injectFault(rule: FaultRule): number
  /** Removes one fault rule (no-op when it already ran out). */
  removeFault(id: number): void
  clearFaults(): void
  /** What Concur would answer a refresh with this token: live, retired (rotated away), expired, or unknown. */
  refreshTokenState(token: string): 'live' | 'retired' | 'expired' | 'unknown'
  /** Expires or revokes every refresh token of a company (as if 6 months passed or the admin disconnected). */
  revokeRefreshTokens(companyUuid: string): void
  /** Invalidates every access token of a company (the next API call gets 403). */
  revokeAccessTokens(companyUuid: string): void
  /** Three demo companies with travellers; also registers the demo client and issues a request token each. */
  seedDemo(): DemoSeed
}

/** A running simulator. */
export interface ConcurSimulator {
  start(): Promise<{ glzUrl: string; dataCentres: Record<string, string> }>
  stop(): Promise<void>
  admin: ConcurSimAdmin
}

/** A traveller as the simulator holds it. */
export interface Traveller {
  companyUuid: string
  loginId: string
  uuid: string
  xmlSyncId: string
  status: 'Active' | 'Inactive'
  lastModifiedSec: number
  sections: XmlNode[]
}

/** An answer before it is sent. */
export interface Reply {
  status: number
  body: string
  contentType: string
  headers?: Record<string, string>
  code?: number | string
}

/** A refresh token as the simulator tracks it. */
export type RefreshRecord = {
  companyUuid: string
  clientId: string
  expiresAtMs: number
  retiredAtMs: number | null
}

/** Everything the simulator's parts share. */
export type SimState = ReturnType<typeof createSimState>

/** Creates the empty state for a simulator with these options. */
export function createSimState(opts: ConcurSimulatorOptions) {
  const clock = opts.clock
  const random = createSeededRandom(opts.seed ?? 1)
  const variant: Required<ResponseVariant> = {
    expiresIn: 'string',
    idToken: true,
    refreshExpiresIn: true,
    geolocation: 'strict',
    errorCode: 'number',
    ...(opts.responseVariant ?? {}),
  }
  return {
    clock,
    opts,
    random,
    faults: createFaultBook(random),
    variant,
    requestTokenLifetimeMs: opts.requestTokenLifetimeMs ?? 12 * HOUR_MS,
    dcNames: opts.dataCentres ?? ['us2', 'eu2'],
    clients: new Map<string, string>(),
    agencyConfigs: new Map<string, string[]>(),
    companies: new Map<string, SimCompany>(),
    requestTokens: new Map<
      string,
      { companyUuid: string; clientId: string; issuedAtMs: number; expiresAtMs: number | null; uses: number }
    >(),
    refreshTokens: new Map<string, RefreshRecord>(),
    accessTokens: new Map<string, { companyUuid: string; clientId: string; expiresAtMs: number }>(),
    /** Keyed by the lower-cased login (logins are unique across Concur). */
    travellers: new Map<string, Traveller>(),
    log: [] as SimRequestLogEntry[],
    urls: new Map<string, string>(),
    nowSec: (): number => Math.floor(clock.nowMs() / 1000),
  }
}

const REALISTIC_LATENCY_MS: Record<Exclude<FaultRoute, 'any'>, number> = {
  token: 350,
  summary: 180,
  'profile-get': 120,
  'profile-post': 220,
}

/** The simulated processing time of a route under the options. */
export function latencyOf(opts: ConcurSimulatorOptions, route: Exclude<FaultRoute, 'any'>): number {
  const l = opts.latency ?? 'realistic'
  if (l === 'none') return 0
  if (l === 'realistic') return REALISTIC_LATENCY_MS[route]
  return l[route] ?? 0
}
