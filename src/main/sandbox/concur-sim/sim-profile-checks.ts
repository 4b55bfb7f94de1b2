/**
 * The simulator's own profile rules (docs/concur-api.md §3.6–3.8, §6.9), written independently of the
 * client's model so that the client's bugs show up instead of being mirrored: its own copy of the
 * schema order and read-only elements, and the checks of a POST body (order, E001, create rules).
 */
import type { XmlNode } from '../../core/concur/travel-profile'
import { childText, elementsOf, tagOf } from '../../core/concur/xml-tree'

/** A message of a POST answer. */
export interface SimMessage {
  code: string
  message: string
  field?: string
}

export const READ_ONLY_GENERAL = [
  'HasOpenBooking',
  'CountryCode',
  'CompanyName',
  'CompanyID',
  'AgencyNumber',
  'UUID',
  'AccountTerminationDate',
]
export const LOYALTY_STATISTICS = [
  'PointTotal',
  'SegmentTotal',
  'NextStatus',
  'PointsUntilNextStatus',
  'SegmentsUntilNextStatus',
]
export const SINGLE_PER_TYPE_PHONES = ['home', 'work', 'fax', 'pager', 'other', 'work2']
/** Sections merged child by child; every other section is replaced as a whole. */
export const MERGED_SECTIONS = new Set([
  'general',
  'air',
  'rail',
  'car',
  'hotel',
  'ratepreferences',
  'tsainfo',
  'emergencycontact',
])

export const SECTION_ORDER = [
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

export const lower = (n: XmlNode): string => (tagOf(n) ?? '').toLowerCase()

// General's sequence as the XSD validator output in the TMC guide lists it (docs/concur-api.md §3.6).
export const GENERAL_ORDER = [
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
