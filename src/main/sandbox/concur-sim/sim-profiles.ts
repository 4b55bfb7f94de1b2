/** A simulated traveller's profile sections: built from fields, edited by the admin, read for listings. */
import type { XmlNode } from '../../core/concur/travel-profile'
import { attr, child, childText, childrenNamed, element, leaf, textOf } from '../../core/concur/xml-tree'
import { lower } from './sim-profile-checks'
import { mergeChildren } from './sim-profile-merge'

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
