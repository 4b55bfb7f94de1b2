/**
 * The simulator's admin API: in-process (`admin`) and over HTTP under `/_admin/` on the GLZ port:
 * clients, companies, request tokens, travellers, faults, the request log, token revocation.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { element, elementsOf, leaf, parseXmlTree, rootOf } from '../../core/concur/xml-tree'
import { seedDemoData } from './seed-demo'
import type { FaultRule } from './sim-faults'
import { applyProfileUpdate } from './sim-profile-merge'
import { buildSections, businessEmail, generalText, setGeneral } from './sim-profiles'
import {
  ALL_SCOPES,
  type ConcurSimAdmin,
  type Reply,
  type SimCompany,
  type SimState,
  type SimTraveller,
  type Traveller,
  type TravellerChanges,
} from './sim-state'

/** Creates the admin API; `profileXml` renders a traveller as a GET returns it. */
export function createSimAdmin(s: SimState, profileXml: (t: Traveller) => string) {
  const {
    clock,
    opts,
    random,
    faults,
    clients,
    agencyConfigs,
    companies,
    requestTokens,
    refreshTokens,
    accessTokens,
    travellers,
    log,
    urls,
    dcNames,
    nowSec,
  } = s

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
        issuedAtMs: options?.issuedAtMs ?? clock.nowMs(),
        expiresAtMs: options?.expiresAtMs ?? null,
        uses: 0,
      })
      return token
    },
    changeLoginId(companyUuid, loginId, newLoginId) {
      const t = travellers.get(loginId.toLowerCase())
      if (!t || t.companyUuid !== companyUuid)
        throw new Error(`Expected a traveller "${loginId}" in company ${companyUuid}, found none`)
      const next = newLoginId.trim()
      if (!next) throw new Error('Expected a new login id, got an empty one')
      if (travellers.has(next.toLowerCase()))
        throw new Error(`Expected a login id not in use, got "${next}" (already in use)`)
      travellers.delete(loginId.toLowerCase())
      t.loginId = next
      t.lastModifiedSec = nowSec()
      travellers.set(next.toLowerCase(), t)
      return view(t)
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
    injectFault: (rule) => faults.add(rule),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    refreshTokenState(token) {
      const r = refreshTokens.get(token)
      if (!r) return 'unknown'
      const now = clock.nowMs()
      if (now >= r.expiresAtMs) return 'expired'
      if (r.retiredAtMs !== null && now >= r.retiredAtMs + (opts.rotationGraceMs ?? 0)) return 'retired'
      return 'live'
    },
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

  return { admin, handleAdmin }
}
