/**
 * A faithful fake of SAP Concur's OAuth2 token service and Travel Profile v2 (docs/concur-api.md §6), served
 * over real HTTP on 127.0.0.1: a GLZ token host plus one port per data centre. Tests, the Sandbox
 * and manual runs (`run-concur-sim.ts`) use it. Time comes from the injected Clock; only latency
 * faults and timeouts use real time, because they exist to exercise the client's real timers.
 *
 * Where the docs disagree (§8) the simulator lets the caller pick the variant: request-token reuse,
 * refresh-token rotation and grace, response field types, geolocation spelling, error code types.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { XMLValidator } from 'fast-xml-parser'
import type { Clock } from '../../core/ports'
import type { XmlNode } from '../../core/concur/travel-profile'
import { formatConcurUtc, parseConcurUtc } from '../../core/concur/concur-time'
import {
  attr,
  buildXml,
  element,
  elementsOf,
  leaf,
  parseXmlTree,
  rootOf,
  tagOf,
} from '../../core/concur/xml-tree'
import { createFaultBook, type FaultRoute, type FaultRule } from './sim-faults'
import { createSeededRandom } from './sim-random'
import {
  applyProfileUpdate,
  buildSections,
  businessEmail,
  createProblems,
  generalText,
  orderProblem,
  readOnlyViolations,
  setGeneral,
  type SimMessage,
  type TravellerFields,
} from './sim-profiles'
import { seedDemoData, type DemoSeed } from './seed-demo'

export type { FaultRule, FaultKind, FaultRoute } from './sim-faults'
export type { DemoSeed } from './seed-demo'

const HOUR_MS = 3_600_000
const SIX_MONTHS_MS = 182 * 24 * HOUR_MS
const ACCESS_TOKEN_MS = HOUR_MS
const ALL_SCOPES = [
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
  /** 'upper' = upper-case scheme and a trailing slash; 'with-path' = `…/oauth2/v0/token` appended. @default 'plain' */
  geolocation?: 'plain' | 'upper' | 'with-path'
  /** Error `code` as a JSON number or a quoted string. @default 'number' */
  errorCode?: 'number' | 'string'
}

/** Options of the simulator. */
export interface ConcurSimulatorOptions {
  clock: Clock
  /** @default 12 h (the desk's intake rule; the docs say 24 h) */
  requestTokenLifetimeMs?: number
  /** multi = any number of uses within the lifetime; single = one; five = at most five. @default 'multi' */
  reusePolicy?: 'multi' | 'single' | 'five'
  /** @default 'never' */
  rotation?: 'never' | 'always' | 'random'
  /** How long a replaced refresh token keeps working. @default 0 (stops at once) */
  rotationGraceMs?: number
  /** Leave `refresh_token` out of refresh responses that do not rotate. @default false */
  omitRefreshToken?: boolean
  responseVariant?: ResponseVariant
  /** Real-time delay added to every response. @default 0 */
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
  /** A fresh request token for the company, bound to one client (the only/first registered one by default). */
  issueRequestToken(companyUuid: string, options?: { clientId?: string }): string
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
  injectFault(rule: FaultRule): void
  clearFaults(): void
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

interface Traveller {
  companyUuid: string
  loginId: string
  uuid: string
  xmlSyncId: string
  status: 'Active' | 'Inactive'
  lastModifiedSec: number
  sections: XmlNode[]
}

interface Reply {
  status: number
  body: string
  contentType: string
  headers?: Record<string, string>
  code?: number | string
}

/** Creates a Concur simulator: a GLZ token host plus data centres on loopback, with an admin API. */
export function createConcurSimulator(opts: ConcurSimulatorOptions): ConcurSimulator {
  const clock = opts.clock
  const random = createSeededRandom(opts.seed ?? 1)
  const faults = createFaultBook(random)
  const variant: Required<ResponseVariant> = {
    expiresIn: 'string',
    idToken: true,
    refreshExpiresIn: true,
    geolocation: 'plain',
    errorCode: 'number',
    ...(opts.responseVariant ?? {}),
  }
  const requestTokenLifetimeMs = opts.requestTokenLifetimeMs ?? 12 * HOUR_MS
  const dcNames = opts.dataCentres ?? ['us2', 'eu2']

  const clients = new Map<string, string>()
  const agencyConfigs = new Map<string, string[]>()
  const companies = new Map<string, SimCompany>()
  const requestTokens = new Map<
    string,
    { companyUuid: string; clientId: string; issuedAtMs: number; uses: number }
  >()
  const refreshTokens = new Map<
    string,
    { companyUuid: string; clientId: string; expiresAtMs: number; retiredAtMs: number | null }
  >()
  const accessTokens = new Map<string, { companyUuid: string; clientId: string; expiresAtMs: number }>()
  const travellers = new Map<string, Traveller>() // key: login lower-case (logins are unique across Concur)
  const log: SimRequestLogEntry[] = []

  const servers = new Map<string, Server>()
  const urls = new Map<string, string>()
  const sockets = new Set<Socket>()

  const nowSec = (): number => Math.floor(clock.nowMs() / 1000)

  // ------------------------------------------------------------------ token endpoint

  function tokenError(
    status: number,
    code: number,
    error: string,
    description: string,
    extra: Record<string, string> = {},
  ): Reply {
    const body = {
      error,
      error_description: description,
      code: variant.errorCode === 'string' ? String(code) : code,
      ...extra,
    }
    return { status, body: JSON.stringify(body), contentType: 'application/json', code }
  }

  function geolocationText(dc: string): string {
    const url = urls.get(dc) ?? ''
    if (variant.geolocation === 'upper') return `${url.replace(/^http/, 'HTTP')}/`
    if (variant.geolocation === 'with-path') return `${url}/oauth2/v0/token`
    return url
  }

  function issueTokens(
    companyUuid: string,
    clientId: string,
    refreshToken: string | null,
    refreshExpiresAtMs: number,
  ): Reply {
    const accessToken = randomBytes(24).toString('hex')
    accessTokens.set(accessToken, { companyUuid, clientId, expiresAtMs: clock.nowMs() + ACCESS_TOKEN_MS })
    const company = companies.get(companyUuid)!
    const body: Record<string, unknown> = {
      expires_in: variant.expiresIn === 'string' ? '3600' : 3600,
      scope: company.scopes.join(' '),
      token_type: 'Bearer',
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(variant.refreshExpiresIn ? { refresh_expires_in: Math.floor(refreshExpiresAtMs / 1000) } : {}),
      ...(variant.idToken ? { id_token: `simid.${randomBytes(12).toString('hex')}` } : {}),
      geolocation: geolocationText(company.dataCentre),
    }
    return { status: 200, body: JSON.stringify(body), contentType: 'application/json' }
  }

  function handleToken(
    server: string,
    req: IncomingMessage,
    raw: string,
    query: URLSearchParams,
  ): Reply & { grantType?: string } {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded' || [...query.keys()].length > 0)
      return tokenError(400, 135, 'invalid_request', 'unsupported request format')
    const form = new URLSearchParams(raw)
    const grantType = form.get('grant_type') ?? ''
    const withGrant = (r: Reply): Reply & { grantType?: string } => ({
      ...r,
      ...(grantType ? { grantType } : {}),
    })
    if (!grantType) return tokenError(400, 65, 'invalid_request', 'grant_type not supplied')
    const clientId = form.get('client_id')
    const clientSecret = form.get('client_secret')
    if (!clientId) return withGrant(tokenError(400, 62, 'invalid_request', 'client_id not supplied'))
    if (!clientSecret) return withGrant(tokenError(400, 63, 'invalid_request', 'client_secret not supplied'))
    if (!clients.has(clientId)) return withGrant(tokenError(401, 61, 'invalid_client', 'client not found'))
    if (clients.get(clientId) !== clientSecret)
      return withGrant(tokenError(401, 64, 'invalid_client', 'Incorrect Credentials. Please Retry'))

    const companyChecks = (company: SimCompany): Reply | null => {
      if (company.enabledClientIds !== null && !company.enabledClientIds.includes(clientId))
        return tokenError(403, 53, 'invalid_client', 'company is not enabled for this client')
      if (company.maintenance)
        return tokenError(400, 134, 'invalid_request', 'Company undergoing scheduled maintenance')
      if (server !== 'glz' && server !== company.dataCentre)
        return tokenError(400, 16, 'invalid_request', 'user lives elsewhere', {
          geolocation: geolocationText(company.dataCentre),
        })
      return null
    }

    if (grantType === 'password') {
      const credtype = form.get('credtype')
      if (credtype !== null && credtype !== 'authtoken' && credtype !== 'password')
        return withGrant(tokenError(400, 120, 'invalid_request', 'credtype is invalid'))
      const username = form.get('username')
      const password = form.get('password')
      if (!username) return withGrant(tokenError(400, 51, 'invalid_request', 'username not supplied'))
      if (!password) return withGrant(tokenError(400, 52, 'invalid_request', 'password not supplied'))
      // Without credtype=authtoken Concur treats the call as a user login, which no company UUID passes.
      if (credtype !== 'authtoken')
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      const company = companies.get(username)
      if (!company)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      const problem = companyChecks(company)
      if (problem) return withGrant(problem)
      const rt = requestTokens.get(password)
      if (!rt || rt.companyUuid !== company.uuid)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      if (rt.clientId !== clientId)
        return withGrant(tokenError(400, 136, 'invalid_request', 'Authtoken was not issued for you'))
      const maxUses = opts.reusePolicy === 'single' ? 1 : opts.reusePolicy === 'five' ? 5 : Infinity
      if (clock.nowMs() >= rt.issuedAtMs + requestTokenLifetimeMs || rt.uses >= maxUses)
        return withGrant(tokenError(400, 5, 'invalid_grant', 'Incorrect Credentials. Please Retry'))
      rt.uses++
      const refreshToken = randomUUID()
      const expiresAtMs = clock.nowMs() + SIX_MONTHS_MS
      refreshTokens.set(refreshToken, { companyUuid: company.uuid, clientId, expiresAtMs, retiredAtMs: null })
      return withGrant(issueTokens(company.uuid, clientId, refreshToken, expiresAtMs))
    }

    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token')
      if (!token) return withGrant(tokenError(400, 106, 'invalid_request', 'refresh_token not supplied'))
      const record = refreshTokens.get(token)
      if (!record) return withGrant(tokenError(400, 108, 'invalid_grant', 'bad or expired refresh token'))
      if (record.clientId !== clientId)
        return withGrant(tokenError(400, 105, 'invalid_grant', 'this grant was not issued to you'))
      const now = clock.nowMs()
      if (
        now >= record.expiresAtMs ||
        (record.retiredAtMs !== null && now >= record.retiredAtMs + (opts.rotationGraceMs ?? 0))
      )
        return withGrant(tokenError(400, 108, 'invalid_grant', 'bad or expired refresh token'))
      const company = companies.get(record.companyUuid)!
      // The GLZ host does not hold refresh tokens: it points the caller at the company's data centre.
      const problem =
        companyChecks(company) ??
        (server === 'glz'
          ? tokenError(400, 16, 'invalid_request', 'user lives elsewhere', {
              geolocation: geolocationText(company.dataCentre),
            })
          : null)
      if (problem) return withGrant(problem)
      const rotate = opts.rotation === 'always' || (opts.rotation === 'random' && random() < 0.5)
      const expiresAtMs = now + SIX_MONTHS_MS
      if (rotate) {
        record.retiredAtMs = now
        const next = randomUUID()
        refreshTokens.set(next, { companyUuid: record.companyUuid, clientId, expiresAtMs, retiredAtMs: null })
        return withGrant(issueTokens(company.uuid, clientId, next, expiresAtMs))
      }
      record.expiresAtMs = expiresAtMs
      return withGrant(issueTokens(company.uuid, clientId, opts.omitRefreshToken ? null : token, expiresAtMs))
    }
    return withGrant(tokenError(400, 60, 'invalid_grant', 'these are not the grants you are looking for'))
  }

  // ------------------------------------------------------------------ Travel Profile

  function xmlError(status: number, message: string | XmlNode[]): Reply {
    const content = typeof message === 'string' ? [{ '#text': message }] : message
    const body = buildXml([
      element('Error', [
        element('Message', content),
        leaf('Server-Time', formatConcurUtc(clock.nowMs())),
        leaf('Id', randomUUID().toUpperCase()),
      ]),
    ])
    return { status, body, contentType: 'application/xml' }
  }

  function messageNode(m: SimMessage, correlationId: string): XmlNode {
    return element('TravelProfileResponseMessage', [
      leaf('Code', m.code),
      leaf('Message', m.message),
      ...(m.field ? [leaf('Field', m.field)] : []),
      ...(m.code.startsWith('S') ? [] : [leaf('CorrelationId', correlationId)]),
    ])
  }

  type Principal = { companyUuid: string; agencyConfigs: string[] | null }

  function visibleTo(p: Principal, t: Traveller): boolean {
    return (
      t.companyUuid === p.companyUuid &&
      (p.agencyConfigs === null || p.agencyConfigs.includes(generalText(t.sections, 'TravelConfigID')))
    )
  }

  function authorise(req: IncomingMessage, server: string): Principal | Reply {
    const header = req.headers['authorization']
    if (!header) return xmlError(401, 'Authorization header is missing.')
    const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header)
    const record = m ? accessTokens.get(m[1]!) : undefined
    if (!record || clock.nowMs() >= record.expiresAtMs)
      return xmlError(403, 'The access token is expired, revoked or unknown.')
    const company = companies.get(record.companyUuid)
    // A token is only honoured at the data centre that holds the company.
    if (!company || company.dataCentre !== server)
      return xmlError(403, 'The access token is not valid at this data centre.')
    return { companyUuid: record.companyUuid, agencyConfigs: agencyConfigs.get(record.clientId) ?? null }
  }

  function summary(principal: Principal, query: URLSearchParams, server: string): Reply {
    const since = query.get('LastModifiedDate')
    if (since === null) return xmlError(400, 'LastModifiedDate is required.')
    const sinceMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(since) ? parseConcurUtc(since) : null
    if (sinceMs === null)
      return xmlError(
        400,
        `LastModifiedDate "${since.slice(0, 40)}" is not in the format YYYY-MM-DDThh:mm:ss.`,
      )
    const page = query.has('Page') ? Number(query.get('Page')) : 1
    const perPage = query.has('ItemsPerPage') ? Number(query.get('ItemsPerPage')) : 200
    if (!Number.isInteger(page) || page < 1) return xmlError(400, 'Page must be a positive whole number.')
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200)
      return xmlError(400, 'ItemsPerPage must be between 1 and 200.')
    // The TMC guide filters with Status="Active" (quotes included) instead of Active=1; accept both.
    const statusParam = query.get('Status')?.replace(/"/g, '').toLowerCase()
    const active =
      query.get('Active') ?? (statusParam === 'active' ? '1' : statusParam === 'inactive' ? '0' : null)
    const configs =
      query
        .get('travelConfigs')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? null
    const sinceSec = sinceMs / 1000
    const rows = [...travellers.values()]
      .filter((t) => visibleTo(principal, t) && t.lastModifiedSec >= sinceSec)
      .filter(
        (t) =>
          active === null ||
          (active === '1' ? t.status === 'Active' : active === '0' ? t.status === 'Inactive' : true),
      )
      .filter((t) => configs === null || configs.includes(generalText(t.sections, 'TravelConfigID')))
      .sort(
        (a, b) =>
          a.lastModifiedSec - b.lastModifiedSec ||
          (a.loginId.toLowerCase() < b.loginId.toLowerCase() ? -1 : 1),
      )
    const totalPages = Math.ceil(rows.length / perPage)
    const pastEnd = page > totalPages
    const pageRows = rows.slice((page - 1) * perPage, page * perPage)
    const pageUrl = (p: number): string => {
      const q = new URLSearchParams(query)
      q.set('Page', String(p))
      return `${urls.get(server) ?? ''}/api/travelprofile/v2.0/summary?${q.toString()}`
    }
    const paging = element('Paging', [
      leaf('TotalPages', pastEnd ? '' : String(totalPages)),
      leaf('TotalItems', pastEnd ? '' : String(rows.length)),
      leaf('Page', String(page)),
      leaf('ItemsPerPage', String(perPage)),
      leaf('PreviousPageURL', page > 1 && !pastEnd ? pageUrl(page - 1) : ''),
      leaf('NextPageURL', page < totalPages ? pageUrl(page + 1) : ''),
    ])
    const data = element(
      'Data',
      pageRows.map((t) =>
        element('ProfileSummary', [
          leaf('Status', t.status),
          leaf('LoginID', t.loginId),
          leaf('XmlProfileSyncID', t.xmlSyncId),
          leaf('ProfileLastModifiedUTC', formatConcurUtc(t.lastModifiedSec * 1000)),
        ]),
      ),
    )
    return {
      status: 200,
      body: buildXml([element('ConnectResponse', [element('Metadata', [paging]), data])]),
      contentType: 'application/xml',
    }
  }

  function profileXml(t: Traveller, scopes: readonly string[] = ALL_SCOPES): string {
    return buildXml([
      element('ProfileResponse', withinScopes(t.sections, scopes), {
        'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        Status: t.status,
        LoginId: t.loginId,
        Unique: '',
      }),
    ])
  }

  function findTraveller(principal: Principal, type: string, value: string): Traveller | undefined {
    const v = value.toLowerCase()
    if (type === 'login') {
      // Indexed like the real service: the map's key is the lower-cased login (unique across Concur).
      const t = travellers.get(v)
      return t && visibleTo(principal, t) ? t : undefined
    }
    const mine = [...travellers.values()].filter((t) => visibleTo(principal, t))
    if (type === 'uuid') return mine.find((t) => t.uuid.toLowerCase() === v)
    if (type === 'xmlsyncid') return mine.find((t) => t.xmlSyncId.toLowerCase() === v)
    return undefined
  }

  function profileGet(principal: Principal, query: URLSearchParams): Reply {
    let type = query.get('userid_type')?.toLowerCase() ?? null
    let value = query.get('userid_value')
    if (query.has('uuid')) {
      type = 'uuid'
      value = query.get('uuid')
    }
    if (!type || value === null) return xmlError(400, 'A company token needs userid_type and userid_value.')
    const t = findTraveller(principal, type, value)
    if (!t) return xmlError(400, `Invalid User:${value}`)
    return {
      status: 200,
      body: profileXml(t, companies.get(principal.companyUuid)?.scopes),
      contentType: 'application/xml',
    }
  }

  function profilePost(principal: Principal, raw: string, correlationId: string): Reply {
    const companyUuid = principal.companyUuid
    const verdict = XMLValidator.validate(raw)
    if (verdict !== true)
      return xmlError(400, `There is an error in XML document (${verdict.err.line}, ${verdict.err.col}).`)
    const root = rootOf(parseXmlTree(raw))
    if (!root || tagOf(root) !== 'ProfileResponse')
      return xmlError(400, 'There is an error in XML document (1, 1).')
    const action = attr(root, 'Action')
    const loginId = (attr(root, 'LoginId') ?? '').trim()
    const status = attr(root, 'Status')
    const posted = elementsOf(root)
    const company = companies.get(companyUuid)!
    const misordered = orderProblem(posted)
    if (misordered) return xmlError(400, `There is an error in XML document (0, 0). ${misordered}`)
    const fail = (messages: SimMessage[]): Reply =>
      xmlError(
        400,
        messages.map((m) => messageNode(m, correlationId)),
      )
    const readOnly = readOnlyViolations(posted)
    if (readOnly.length > 0) return fail(readOnly)
    let warnings: SimMessage[] = []
    if (action === 'Create') {
      const problems = createProblems(
        loginId,
        posted,
        company.travelConfigIds.filter(
          (c) => principal.agencyConfigs === null || principal.agencyConfigs.includes(c),
        ),
      )
      if (problems.length > 0) return fail(problems)
      if (travellers.has(loginId.toLowerCase()))
        return fail([{ code: 'E111', message: `Login Id: "${loginId}" is already in use.` }])
      const uuid = randomUUID()
      const base = buildSections({ firstName: '', lastName: '', travelConfigId: '' }, company, uuid)
      const applied = applyProfileUpdate(base, posted)
      warnings = applied.warnings
      travellers.set(loginId.toLowerCase(), {
        companyUuid,
        loginId,
        uuid,
        xmlSyncId: randomUUID(),
        status: status?.toLowerCase() === 'inactive' ? 'Inactive' : 'Active',
        lastModifiedSec: nowSec(),
        sections: applied.sections,
      })
    } else if (action === 'Update') {
      const t = findTraveller(principal, 'login', loginId)
      if (!t) return xmlError(400, `Invalid User:${loginId}`)
      const applied = applyProfileUpdate(t.sections, posted)
      warnings = applied.warnings
      t.sections = applied.sections
      if (status) t.status = status.toLowerCase() === 'inactive' ? 'Inactive' : 'Active'
      t.lastModifiedSec = nowSec()
    } else {
      return fail([{ code: 'E002', message: 'Action must be Create or Update.' }])
    }
    if (warnings.length === 0)
      return {
        status: 200,
        body: buildXml([
          messageNode({ code: 'S001', message: 'Success, no errors or warnings reported' }, correlationId),
        ]),
        contentType: 'application/xml',
      }
    if (warnings.length === 1)
      return {
        status: 200,
        body: buildXml([messageNode(warnings[0]!, correlationId)]),
        contentType: 'application/xml',
      }
    return {
      ...xmlError(
        200,
        warnings.map((w) => messageNode(w, correlationId)),
      ),
    }
  }

  // ------------------------------------------------------------------ HTTP plumbing

  function routeOf(
    server: string,
    method: string,
    path: string,
  ): Exclude<FaultRoute, 'any'> | 'admin' | 'unknown' {
    if (path === '/oauth2/v0/token' && method === 'POST') return 'token'
    if (server === 'glz' && path.startsWith('/_admin/')) return 'admin'
    if (path === '/api/travelprofile/v2.0/summary' && method === 'GET') return 'summary'
    if (path === '/api/travelprofile/v2.0/profile' && method === 'GET') return 'profile-get'
    if (path === '/api/travelprofile/v2.0/profile' && method === 'POST') return 'profile-post'
    return 'unknown'
  }

  async function handle(server: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim')
    const method = req.method ?? 'GET'
    const route = routeOf(server, method, url.pathname)
    const headerId = req.headers['concur-correlationid']
    const correlationId = typeof headerId === 'string' && headerId ? headerId : randomUUID()
    const entry: SimRequestLogEntry = {
      atMs: clock.nowMs(),
      server,
      method,
      route,
      path: url.pathname,
      status: null,
      correlationId,
    }
    if (route !== 'admin') log.push(entry)
    const raw = await readBody(req)

    if (route === 'admin') {
      const reply = handleAdmin(method, url, raw)
      return send(res, reply, correlationId)
    }
    if (opts.latencyMs) await realDelay(opts.latencyMs)
    if (route !== 'unknown') {
      for (const rule of faults.take(route)) {
        entry.fault = rule.kind
        if (rule.kind === 'latency') {
          await realDelay(rule.latencyMs ?? 1000)
          continue
        }
        if (rule.kind === 'timeout') return // hang until the client gives up; stop() destroys the socket
        if (rule.kind === 'drop') {
          req.socket.destroy()
          return
        }
        const reply = faultReply(rule, route)
        entry.status = reply.status
        return send(res, reply, correlationId)
      }
    }
    let reply: Reply & { grantType?: string }
    if (route === 'token') reply = handleToken(server, req, raw, url.searchParams)
    else if (route === 'unknown' || server === 'glz')
      reply = xmlError(404, `No such resource: ${url.pathname}`)
    else {
      const auth = authorise(req, server)
      if ('status' in auth) reply = auth
      else if (route === 'summary') reply = summary(auth, url.searchParams, server)
      else if (route === 'profile-get') reply = profileGet(auth, url.searchParams)
      else reply = profilePost(auth, raw, correlationId)
    }
    entry.status = reply.status
    if (reply.code !== undefined) entry.code = reply.code
    if (reply.grantType) entry.grantType = reply.grantType
    send(res, reply, correlationId)
  }

  function faultReply(rule: FaultRule, route: string): Reply {
    const retryAfter = String(rule.retryAfterSec ?? 1)
    switch (rule.kind) {
      case 'status-429':
        return {
          status: 429,
          contentType: 'application/json',
          headers: { 'retry-after': retryAfter },
          body: JSON.stringify({
            httpStatus: '429 - Too Many Requests',
            error: { id: 'security.rate.limit.reached', message: 'Too many requests' },
          }),
        }
      case 'status-503':
        return { ...xmlError(503, 'Server timed out'), headers: { 'retry-after': retryAfter } }
      case 'status-403':
        return route === 'token'
          ? tokenError(403, 53, 'invalid_client', 'company is not enabled for this client')
          : xmlError(403, 'The access token is expired, revoked or unknown.')
      case 'code-134':
        return tokenError(400, 134, 'invalid_request', 'Company undergoing scheduled maintenance')
      case 'malformed-xml':
        if (route === 'token')
          return { status: 200, contentType: 'application/json', body: '{"access_token": "trunc' }
        if (route === 'summary')
          return {
            status: 200,
            contentType: 'application/xml',
            body: '<ConnectResponse><Metadata><Paging><TotalPages>1</TotalPages>',
          }
        return {
          status: 200,
          contentType: 'application/xml',
          body: '<?xml version="1.0"?>\n<ProfileResponse Status="Active"LoginId="broken">\n<General>',
        }
      default:
        return xmlError(500, 'Internal Server Error')
    }
  }

  function send(res: ServerResponse, reply: Reply, correlationId: string): void {
    if (res.destroyed) return
    const body = Buffer.from(reply.body, 'utf8')
    res.writeHead(reply.status, {
      'content-type':
        reply.contentType === 'application/json'
          ? 'application/json;charset=UTF-8'
          : 'application/xml; charset=utf-8',
      'content-length': String(body.length),
      'concur-correlationid': correlationId,
      ...(reply.headers ?? {}),
    })
    res.end(body)
  }

  // ------------------------------------------------------------------ admin

  function defaultClientId(): string {
    const first = clients.keys().next()
    if (first.done)
      throw new Error(
        'Expected a registered client before issuing request tokens, got none (call registerClient first)',
      )
    return first.value
  }

  function view(t: Traveller): SimTraveller {
    return {
      companyUuid: t.companyUuid,
      loginId: t.loginId,
      uuid: t.uuid,
      xmlSyncId: t.xmlSyncId,
      status: t.status,
      lastModifiedMs: t.lastModifiedSec * 1000,
      firstName: generalText(t.sections, 'FirstName'),
      lastName: generalText(t.sections, 'LastName'),
      email: businessEmail(t.sections),
      travelConfigId: generalText(t.sections, 'TravelConfigID'),
    }
  }

  function companyOf(uuid: string): SimCompany {
    const c = companies.get(uuid)
    if (!c) throw new Error(`Expected a known company UUID, got "${uuid}"`)
    return c
  }

  const admin: ConcurSimAdmin = {
    registerClient({ clientId, clientSecret, agencyTravelConfigIds }) {
      clients.set(clientId, clientSecret)
      if (agencyTravelConfigIds) agencyConfigs.set(clientId, [...agencyTravelConfigIds])
      else agencyConfigs.delete(clientId)
    },
    createCompany(input) {
      const company: SimCompany = {
        uuid: input.uuid ?? randomUUID(),
        name: input.name,
        outtaskId: input.outtaskId ?? String(100000 + Math.floor(random() * 900000)),
        dataCentre: input.dataCentre ?? dcNames[0]!,
        travelConfigIds: input.travelConfigIds ?? [String(100000 + Math.floor(random() * 900000))],
        enabledClientIds: input.enabledClientIds ?? null,
        maintenance: input.maintenance ?? false,
        scopes: input.scopes ?? [...ALL_SCOPES],
      }
      if (!dcNames.includes(company.dataCentre))
        throw new Error(`Expected dataCentre to be one of ${dcNames.join(', ')}, got "${company.dataCentre}"`)
      companies.set(company.uuid, company)
      return { ...company }
    },
    updateCompany(uuid, changes) {
      const company = companyOf(uuid)
      Object.assign(company, changes)
      return { ...company }
    },
    listCompanies: () => [...companies.values()].map((c) => ({ ...c })),
    issueRequestToken(companyUuid, options) {
      companyOf(companyUuid)
      const token = randomBytes(20).toString('base64url')
      requestTokens.set(token, {
        companyUuid,
        clientId: options?.clientId ?? defaultClientId(),
        issuedAtMs: clock.nowMs(),
        uses: 0,
      })
      return token
    },
    upsertTraveller(input) {
      const company = companyOf(input.companyUuid)
      const key = input.loginId.toLowerCase()
      const existing = travellers.get(key)
      const uuid = existing?.uuid ?? randomUUID()
      let sections = buildSections(
        { ...input, travelConfigId: input.travelConfigId ?? company.travelConfigIds[0] ?? '' },
        company,
        uuid,
      )
      if (input.profileXml) {
        const root = rootOf(parseXmlTree(input.profileXml))
        if (root) sections = applyProfileUpdate(sections, elementsOf(root)).sections
      }
      const t: Traveller = {
        companyUuid: company.uuid,
        loginId: input.loginId,
        uuid,
        xmlSyncId:
          input.xmlSyncId ?? existing?.xmlSyncId ?? `XS${randomBytes(6).toString('hex').toUpperCase()}`,
        status: input.status ?? 'Active',
        lastModifiedSec: nowSec(),
        sections,
      }
      travellers.set(key, t)
      return view(t)
    },
    modifyTraveller(companyUuid, loginId, changes) {
      const t = travellers.get(loginId.toLowerCase())
      if (!t || t.companyUuid !== companyUuid)
        throw new Error(`Expected a traveller "${loginId}" in company ${companyUuid}, found none`)
      const map: Array<[keyof TravellerChanges, string]> = [
        ['firstName', 'FirstName'],
        ['lastName', 'LastName'],
        ['middleName', 'MiddleName'],
        ['jobTitle', 'JobTitle'],
        ['travelConfigId', 'TravelConfigID'],
      ]
      for (const [key, tag] of map) {
        const value = changes[key]
        if (value !== undefined) t.sections = setGeneral(t.sections, tag, value)
      }
      if (changes.email !== undefined)
        t.sections = applyProfileUpdate(t.sections, [
          element('EmailAddresses', [
            leaf('EmailAddress', changes.email, { Contact: 'true', Type: 'Business' }),
          ]),
        ]).sections
      if (changes.status) t.status = changes.status
      t.lastModifiedSec = nowSec()
      return view(t)
    },
    listTravellers: (companyUuid) =>
      [...travellers.values()]
        .filter((t) => companyUuid === undefined || t.companyUuid === companyUuid)
        .map(view)
        .sort((a, b) => a.lastModifiedMs - b.lastModifiedMs || (a.loginId < b.loginId ? -1 : 1)),
    travellerXml(companyUuid, loginId) {
      const t = travellers.get(loginId.toLowerCase())
      if (!t || t.companyUuid !== companyUuid)
        throw new Error(`Expected a traveller "${loginId}" in company ${companyUuid}, found none`)
      return profileXml(t)
    },
    requestLog: () => log.map((e) => ({ ...e })),
    clearRequestLog: () => {
      log.length = 0
    },
    injectFault(rule) {
      faults.add(rule)
    },
    clearFaults: () => faults.clear(),
    revokeRefreshTokens(companyUuid) {
      for (const [token, r] of refreshTokens) if (r.companyUuid === companyUuid) refreshTokens.delete(token)
    },
    revokeAccessTokens(companyUuid) {
      for (const [token, r] of accessTokens) if (r.companyUuid === companyUuid) accessTokens.delete(token)
    },
    seedDemo: () => seedDemoData(admin, random, dcNames),
  }

  function handleAdmin(method: string, url: URL, raw: string): Reply {
    const json = (status: number, value: unknown): Reply => ({
      status,
      body: JSON.stringify(value ?? null),
      contentType: 'application/json',
    })
    let body: Record<string, unknown> = {}
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
    } catch {
      return json(400, { error: 'Expected a JSON body' })
    }
    const path = url.pathname.replace(/^\/_admin/, '')
    const parts = path.split('/').filter(Boolean)
    try {
      if (method === 'GET' && path === '/state')
        return json(200, {
          glzUrl: urls.get('glz'),
          dataCentres: Object.fromEntries(dcNames.map((d) => [d, urls.get(d)])),
          companies: admin.listCompanies(),
          faults: faults.list(),
        })
      if (method === 'POST' && path === '/clients')
        return json(
          200,
          (admin.registerClient(body as Parameters<ConcurSimAdmin['registerClient']>[0]), { ok: true }),
        )
      if (method === 'POST' && path === '/companies')
        return json(200, admin.createCompany(body as Partial<SimCompany> & { name: string }))
      if (method === 'PATCH' && parts[0] === 'companies' && parts[1])
        return json(200, admin.updateCompany(parts[1], body as Partial<SimCompany>))
      if (method === 'GET' && path === '/companies') return json(200, admin.listCompanies())
      if (method === 'POST' && parts[0] === 'companies' && parts[1] && parts[2] === 'request-tokens')
        return json(200, {
          requestToken: admin.issueRequestToken(
            parts[1],
            typeof body['clientId'] === 'string' ? { clientId: body['clientId'] } : undefined,
          ),
        })
      if (method === 'POST' && parts[0] === 'companies' && parts[1] && parts[2] === 'revoke-refresh-tokens')
        return json(200, (admin.revokeRefreshTokens(parts[1]), { ok: true }))
      if (method === 'POST' && parts[0] === 'companies' && parts[1] && parts[2] === 'revoke-access-tokens')
        return json(200, (admin.revokeAccessTokens(parts[1]), { ok: true }))
      if (method === 'GET' && path === '/travellers')
        return json(200, admin.listTravellers(url.searchParams.get('companyUuid') ?? undefined))
      if (method === 'POST' && path === '/travellers')
        return json(200, admin.upsertTraveller(body as Parameters<ConcurSimAdmin['upsertTraveller']>[0]))
      if (method === 'PATCH' && path === '/travellers')
        return json(
          200,
          admin.modifyTraveller(
            String(body['companyUuid']),
            String(body['loginId']),
            (body['changes'] ?? {}) as TravellerChanges,
          ),
        )
      if (method === 'GET' && path === '/requests') return json(200, admin.requestLog())
      if (method === 'DELETE' && path === '/requests')
        return json(200, (admin.clearRequestLog(), { ok: true }))
      if (method === 'POST' && path === '/faults')
        return json(200, (admin.injectFault(body as unknown as FaultRule), { ok: true }))
      if (method === 'DELETE' && path === '/faults') return json(200, (admin.clearFaults(), { ok: true }))
      if (method === 'POST' && path === '/seed-demo') return json(200, admin.seedDemo())
      return json(404, { error: `No admin route ${method} ${path}` })
    } catch (err) {
      return json(400, { error: err instanceof Error ? err.message : String(err) })
    }
  }

  async function listen(name: string): Promise<void> {
    const server = createServer((req, res) => {
      handle(name, req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed)
          send(
            res,
            xmlError(500, `Simulator failure: ${err instanceof Error ? err.message : String(err)}`),
            randomUUID(),
          )
      })
    })
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    servers.set(name, server)
    urls.set(name, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  }

  return {
    async start() {
      if (servers.size === 0) for (const name of ['glz', ...dcNames]) await listen(name)
      return {
        glzUrl: urls.get('glz')!,
        dataCentres: Object.fromEntries(dcNames.map((d) => [d, urls.get(d)!])),
      }
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await Promise.all(
        [...servers.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      )
      servers.clear()
      urls.clear()
    },
    admin,
  }
}

/** Sections and General elements each scope unlocks (docs/concur-api.md §3.2); without the scope Concur leaves them out. */
const SCOPED_SECTIONS: Record<string, string[]> = {
  EMERG: ['emergencycontact'],
  PASSV: ['passports', 'visas', 'hasnopassport'],
  TSAI: ['tsainfo'],
  UNUTX: ['unusedtickets', 'southwestunusedtickets'],
  COMPD: ['customfields'],
}
const SCOPED_GENERAL: Record<string, string[]> = {
  COMPD: ['costcenter', 'companyemployeeid', 'division', 'accountterminationdate', 'companyid'],
  TMCSP: ['gdsprofilename', 'sabreprofileid', 'uuid'],
  MEDIC: ['medicalalerts'],
}

function withinScopes(sections: XmlNode[], scopes: readonly string[]): XmlNode[] {
  const hiddenSections = Object.entries(SCOPED_SECTIONS).flatMap(([scope, names]) =>
    scopes.includes(scope) ? [] : names,
  )
  const hiddenGeneral = Object.entries(SCOPED_GENERAL).flatMap(([scope, names]) =>
    scopes.includes(scope) ? [] : names,
  )
  return sections
    .filter((s) => !hiddenSections.includes((tagOf(s) ?? '').toLowerCase()))
    .map((s) =>
      (tagOf(s) ?? '').toLowerCase() === 'general' && hiddenGeneral.length > 0
        ? element(
            'General',
            elementsOf(s).filter((c) => !hiddenGeneral.includes((tagOf(c) ?? '').toLowerCase())),
          )
        : s,
    )
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > 2_000_000) req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Latency is real time on purpose: it exercises the client's real timeout, which the injected clock cannot. */
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
