/**
 * The simulator's Travel Profile v2 (docs/concur-api.md §3, §6.6–6.9): bearer check per data centre, the
 * summary feed with paging and filters, profile GET (scopes, agency visibility) and POST (XSD order,
 * read-only fields, create rules, update semantics), answered with TravelProfileResponseMessages.
 * Strict: an unknown login gets HTTP 200 with a bare E003 message, on GET and on POST Update.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { XMLValidator } from 'fast-xml-parser'
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
import { createProblems, orderProblem, readOnlyViolations, type SimMessage } from './sim-profile-checks'
import { applyProfileUpdate } from './sim-profile-merge'
import { buildSections, generalText } from './sim-profiles'
import { ALL_SCOPES, type Reply, type SimState, type Traveller } from './sim-state'

/** Creates the profile service over the simulator's state. */
export function createProfileService(s: SimState) {
  const { clock, opts, companies, accessTokens, agencyConfigs, travellers, urls, nowSec } = s

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

  /** Strict: HTTP 200 with a bare E003 message; else the documented `<Error>Invalid User:…` (400). */
  function unknownUser(login: string, correlationId: string): Reply {
    if ((opts.unknownUser ?? 'e003') === 'error-element') return xmlError(400, `Invalid User:${login}`)
    return {
      status: 200,
      body: buildXml([messageNode({ code: 'E003', message: `Invalid User: ${login}` }, correlationId)]),
      contentType: 'application/xml',
    }
  }

  function profileGet(principal: Principal, query: URLSearchParams, correlationId: string): Reply {
    let type = query.get('userid_type')?.toLowerCase() ?? null
    let value = query.get('userid_value')
    if (query.has('uuid')) {
      type = 'uuid'
      value = query.get('uuid')
    }
    if (!type || value === null) return xmlError(400, 'A company token needs userid_type and userid_value.')
    const t = findTraveller(principal, type, value)
    if (!t) return unknownUser(value, correlationId)
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
      if (!t) return unknownUser(loginId, correlationId)
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

  return { xmlError, messageNode, authorise, summary, profileGet, profilePost, profileXml }
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
