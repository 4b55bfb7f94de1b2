import type { XmlNode } from '../../core/concur/travel-profile'
import {
  attr,
  attrsOf,
  child,
  childText,
  childrenNamed,
  element,
  elementsOf,
  leaf,
  tagOf,
  textOf,
} from '../../core/concur/xml-tree'

/**
 * The simulator's own profile rules (docs/concur-api.md §3.6–3.8, §6.9), written independently of the
 * client's model so that the client's bugs show up instead of being mirrored.
 */

/** A message of a POST answer. */
export interface SimMessage {
  code: string
  message: string
  field?: string
}

const READ_ONLY_GENERAL = [
  'HasOpenBooking',
  'CountryCode',
  'CompanyName',
  'CompanyID',
  'AgencyNumber',
  'UUID',
  'AccountTerminationDate',
]
const LOYALTY_STATISTICS = [
  'PointTotal',
  'SegmentTotal',
  'NextStatus',
  'PointsUntilNextStatus',
  'SegmentsUntilNextStatus',
]
const SINGLE_PER_TYPE_PHONES = ['home', 'work', 'fax', 'pager', 'other', 'work2']
/** Sections merged child by child; every other section is replaced as a whole. */
const MERGED_SECTIONS = new Set([
  'general',
  'air',
  'rail',
  'car',
  'hotel',
  'ratepreferences',
  'tsainfo',
  'emergencycontact',
])

const SECTION_ORDER = [
  'General',
  'EmergencyContact',
  'Telephones',
  'Addresses',
  'NationalIDs',
  'DriversLicenses',
  'HasNoPassport',
  'Passports',
  'Visas',
  'EmailAddresses',
  'RatePreferences',
  'DiscountCodes',
  'Air',
  'Rail',
  'Car',
  'Hotel',
  'CustomFields',
  'Roles',
  'Sponsors',
  'TSAInfo',
  'UnusedTickets',
  'SouthwestUnusedTickets',
  'AdvantageMemberships',
].map((s) => s.toLowerCase())

const lower = (n: XmlNode): string => (tagOf(n) ?? '').toLowerCase()

// General's sequence as the XSD validator output in the TMC guide lists it (docs/concur-api.md §3.6).
const GENERAL_ORDER = [
  'NamePrefix',
  'FirstName',
  'MiddleName',
  'LastName',
  'NameSuffix',
  'PreferredName',
  'JobTitle',
  'CostCenter',
  'CompanyEmployeeID',
  'Division',
  'PreferredLanguage',
  'EReceiptOptIn',
  'HasOpenBooking',
  'CountryCode',
  'CompanyName',
  'CompanyID',
  'RuleClass',
  'TravelConfigID',
  'MedicalAlerts',
  'AgencyNumber',
  'SearchId',
  'GDSProfileName',
  'SabreProfileId',
].map((s) => s.toLowerCase())

/**
 * The XSD sequence check Concur runs before anything else: root sections and General children
 * must come in schema order. Names the schema does not list are not judged (SAP adds elements).
 */
export function orderProblem(sections: XmlNode[]): string | null {
  const check = (nodes: XmlNode[], order: string[], parent: string): string | null => {
    let last = -1
    for (const n of nodes) {
      const i = order.indexOf(lower(n))
      if (i < 0) continue
      if (i < last)
        return `The element ${parent} has invalid child element ${tagOf(n) ?? ''} (out of schema order).`
      last = i
    }
    return null
  }
  const general = sections.find((s) => lower(s) === 'general')
  return (
    check(sections, [...SECTION_ORDER, 'password'], 'ProfileResponse') ??
    (general ? check(elementsOf(general), GENERAL_ORDER, 'General') : null)
  )
}

/** E001 for every read-only element in a POST body (a GET body posted back as it is). */
export function readOnlyViolations(sections: XmlNode[]): SimMessage[] {
  const out: SimMessage[] = []
  for (const section of sections) {
    const name = tagOf(section) ?? ''
    if (lower(section) === 'general') {
      for (const c of elementsOf(section)) {
        const ro = READ_ONLY_GENERAL.find((r) => r.toLowerCase() === lower(c))
        if (ro)
          out.push({
            code: 'E001',
            message: `Cannot update this element: General/${ro}`,
            field: `General/${ro}`,
          })
      }
    }
    if (lower(section) === 'discountcodes')
      out.push({ code: 'E001', message: 'Cannot update this element: DiscountCodes', field: 'DiscountCodes' })
    for (const list of elementsOf(section)) {
      if (!/memberships$/i.test(tagOf(list) ?? '')) continue
      for (const m of elementsOf(list))
        for (const c of elementsOf(m)) {
          const stat = LOYALTY_STATISTICS.find((s) => s.toLowerCase() === lower(c))
          if (stat) {
            const field = `${name}/${tagOf(list) ?? ''}/${tagOf(m) ?? ''}/${stat}`
            out.push({ code: 'E001', message: `Cannot update this element: ${field}`, field })
          }
        }
    }
  }
  return out
}

/** Create-time checks with the guide's verbatim texts. */
export function createProblems(loginId: string, sections: XmlNode[], companyConfigs: string[]): SimMessage[] {
  const general = sections.find((s) => lower(s) === 'general')
  const text = (name: string): string => (general ? (childText(general, name) ?? '').trim() : '')
  const out: SimMessage[] = []
  if (loginId.trim().length < 3)
    out.push({
      code: 'E002',
      message: 'Could not create a new user: Login Id is not specified or is less than three characters.',
    })
  if (!text('FirstName'))
    out.push({
      code: 'E002',
      message: 'Could not create a new user without a First Name.',
      field: 'General/FirstName',
    })
  if (!text('LastName'))
    out.push({
      code: 'E002',
      message: 'Could not create a new user without a Last Name.',
      field: 'General/LastName',
    })
  const config = text('TravelConfigID')
  if (!config)
    out.push({
      code: 'E002',
      message: 'Could not create a new user without a TravelConfigID.',
      field: 'General/TravelConfigID',
    })
  else if (!companyConfigs.includes(config))
    out.push({
      code: 'E001',
      message: `No access to travel config ${config}.`,
      field: 'General/TravelConfigID',
    })
  return out
}

/** True when the element asks to be cleared: empty text or xsi:nil="true". */
function isCleared(n: XmlNode): boolean {
  const nil = Object.entries(attrsOf(n)).find(([k]) => k.toLowerCase().endsWith(':nil'))
  return (
    (nil !== undefined && String(nil[1]).toLowerCase() === 'true') ||
    (elementsOf(n).length === 0 && textOf(n).trim() === '')
  )
}

/** Merges one posted section's children into the stored one: omitted = unchanged, empty/nil = cleared. */
function mergeChildren(stored: XmlNode | undefined, posted: XmlNode): XmlNode {
  const tag = tagOf(posted) ?? ''
  const kids = stored ? [...elementsOf(stored)] : []
  for (const c of elementsOf(posted)) {
    const replacement = isCleared(c) ? element(tagOf(c) ?? '') : c
    const i = kids.findIndex((k) => lower(k) === lower(c))
    if (i >= 0) kids[i] = replacement
    else kids.push(replacement)
  }
  return element(tag, kids, { ...(stored ? attrsOf(stored) : {}), ...attrsOf(posted) })
}

/** Telephones: one per non-cell type (W016, last wins), cells synchronised as a list with the primary rule (W012). */
function mergeTelephones(
  stored: XmlNode | undefined,
  posted: XmlNode,
  warn: (m: SimMessage) => void,
): XmlNode {
  const old = stored ? childrenNamed(stored, 'Telephone') : []
  const incoming = childrenNamed(posted, 'Telephone')
  const typeOf = (t: XmlNode): string => (attr(t, 'Type') ?? '').toLowerCase()
  const byType = new Map<string, XmlNode>()
  for (const t of old) if (typeOf(t) !== 'cell') byType.set(typeOf(t), t)
  const seen = new Set<string>()
  for (const t of incoming) {
    const type = typeOf(t)
    if (type === 'cell') continue
    if (seen.has(type) && SINGLE_PER_TYPE_PHONES.includes(type))
      warn({
        code: 'W016',
        message: `Only one ${attr(t, 'Type') ?? ''} telephone is allowed; the last one was kept.`,
        field: 'Telephones/Telephone',
      })
    seen.add(type)
    byType.set(type, t)
  }
  let cells = old.filter((t) => typeOf(t) === 'cell')
  const postedCells = incoming.filter((t) => typeOf(t) === 'cell')
  if (postedCells.length === 1) {
    const only = postedCells[0]!
    cells = [element('Telephone', elementsOf(only), { ...attrsOf(only), PrimaryMobile: 'true' })]
  } else if (postedCells.length > 1) {
    const primaries = postedCells.filter(
      (t) => (attr(t, 'PrimaryMobile') ?? '').toLowerCase() === 'true',
    ).length
    if (primaries === 1) cells = postedCells
    else
      warn({
        code: 'W012',
        message: 'Exactly one cell phone must be the primary mobile; cell phones were not changed.',
        field: 'Telephones/Telephone',
      })
  }
  return element('Telephones', [...byType.values(), ...cells], attrsOf(posted))
}

/** Emails and addresses: one per type, the last one wins (W016 for emails). */
function mergeByType(
  stored: XmlNode | undefined,
  posted: XmlNode,
  itemName: string,
  warnDuplicates: boolean,
  warn: (m: SimMessage) => void,
): XmlNode {
  const typeOf = (t: XmlNode): string => (attr(t, 'Type') ?? '').toLowerCase()
  const byType = new Map<string, XmlNode>()
  for (const t of stored ? childrenNamed(stored, itemName) : []) byType.set(typeOf(t), t)
  const seen = new Set<string>()
  for (const t of childrenNamed(posted, itemName)) {
    if (seen.has(typeOf(t)) && warnDuplicates)
      warn({
        code: 'W016',
        message: `Only one ${attr(t, 'Type') ?? ''} ${itemName} is allowed; the last one was kept.`,
        field: `${tagOf(posted) ?? ''}/${itemName}`,
      })
    seen.add(typeOf(t))
    byType.set(typeOf(t), t)
  }
  return element(tagOf(posted) ?? '', [...byType.values()], attrsOf(posted))
}

/** Applies posted sections to stored ones and returns the new sections plus warnings. */
export function applyProfileUpdate(
  stored: XmlNode[],
  posted: XmlNode[],
): { sections: XmlNode[]; warnings: SimMessage[] } {
  const warnings: SimMessage[] = []
  const warn = (m: SimMessage): void => {
    warnings.push(m)
  }
  const result = [...stored]
  for (const section of posted) {
    const name = lower(section)
    if (name === 'password') continue
    const i = result.findIndex((s) => lower(s) === name)
    const current = i >= 0 ? result[i] : undefined
    let next: XmlNode
    if (name === 'telephones') next = mergeTelephones(current, section, warn)
    else if (name === 'emailaddresses') next = mergeByType(current, section, 'EmailAddress', true, warn)
    else if (name === 'addresses') next = mergeByType(current, section, 'Address', false, warn)
    else if (MERGED_SECTIONS.has(name)) next = mergeChildren(current, section)
    else next = section
    if (i >= 0) result[i] = next
    else result.push(next)
  }
  result.sort((a, b) => rank(a) - rank(b))
  return { sections: result, warnings }
}

function rank(n: XmlNode): number {
  const i = SECTION_ORDER.indexOf(lower(n))
  return i < 0 ? SECTION_ORDER.length : i
}

/** Input for a simulated traveller. */
export interface TravellerFields {
  firstName: string
  lastName: string
  middleName?: string
  email?: string
  phone?: string
  employeeId?: string
  travelConfigId: string
  ruleClass?: string
  jobTitle?: string
}

/** Builds a traveller's sections as the GET response shows them (read-only General values included). */
export function buildSections(
  f: TravellerFields,
  company: { name: string; outtaskId: string },
  uuid: string,
): XmlNode[] {
  const general = element('General', [
    leaf('NamePrefix', ''),
    leaf('FirstName', f.firstName),
    leaf('MiddleName', f.middleName ?? ''),
    leaf('LastName', f.lastName),
    leaf('NameSuffix', ''),
    leaf('PreferredName', ''),
    leaf('JobTitle', f.jobTitle ?? ''),
    leaf('CompanyEmployeeID', f.employeeId ?? ''),
    leaf('PreferredLanguage', 'en'),
    leaf('HasOpenBooking', 'false'),
    leaf('CountryCode', 'US'),
    leaf('CompanyName', company.name),
    leaf('CompanyID', company.outtaskId),
    leaf('RuleClass', f.ruleClass ?? 'Default Travel Class'),
    leaf('TravelConfigID', f.travelConfigId),
    leaf('UUID', uuid),
  ])
  const sections = [general]
  if (f.phone)
    sections.push(
      element('Telephones', [
        element(
          'Telephone',
          [leaf('CountryCode', 'US'), leaf('PhoneNumber', f.phone), leaf('Extension', '')],
          { Type: 'Work' },
        ),
      ]),
    )
  sections.push(
    element(
      'EmailAddresses',
      f.email ? [leaf('EmailAddress', f.email, { Contact: 'true', Type: 'Business' })] : [],
    ),
  )
  sections.push(element('Roles'))
  return sections
}

/** Sets (or clears with '') a General child; used by the admin's modifyTraveller. */
export function setGeneral(sections: XmlNode[], name: string, value: string): XmlNode[] {
  const i = sections.findIndex((s) => lower(s) === 'general')
  const posted = element('General', [leaf(name, value)])
  const merged = mergeChildren(i >= 0 ? sections[i] : undefined, posted)
  const out = [...sections]
  if (i >= 0) out[i] = merged
  else out.unshift(merged)
  return out
}

/** Reads a General child (for listings). */
export function generalText(sections: XmlNode[], name: string): string {
  const general = sections.find((s) => lower(s) === 'general')
  return general ? (childText(general, name) ?? '') : ''
}

/** The business email (for listings). */
export function businessEmail(sections: XmlNode[]): string {
  const emails = sections.find((s) => lower(s) === 'emailaddresses')
  const first = emails
    ? (childrenNamed(emails, 'EmailAddress').find(
        (e) => (attr(e, 'Type') ?? '').toLowerCase() === 'business',
      ) ?? child(emails, 'EmailAddress'))
    : undefined
  return first ? textOf(first) : ''
}
