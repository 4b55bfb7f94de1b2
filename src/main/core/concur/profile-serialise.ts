/** Serialises a typed profile into a Travel Profile v2 POST body in XSD order, without read-only elements. */
import { ConcurError } from './concur-error'
import type {
  Address,
  EmergencyContact,
  ExtraNode,
  LoyaltyPrograms,
  TravelProfile,
  XmlNode,
} from './travel-profile'
import { buildXml, element, elementsOf, leaf, tagOf } from './xml-tree'

import {
  ROOT_SECTION_ORDER,
  READ_ONLY_SECTIONS,
  Fields,
  GENERAL_ORDER,
  GENERAL_FIELDS,
  TELEPHONE_FIELDS,
  ADDRESS_FIELDS,
  NATIONAL_ID_FIELDS,
  PASSPORT_FIELDS,
  MEMBERSHIP_ORDER,
  MEMBERSHIP_FIELDS,
  TRAVEL_SECTIONS,
  fieldOrder,
} from './profile-schema'

/**
 * Builds the POST body for a profile: root `ProfileResponse` with Action and LoginId, sections in
 * XSD order, unknown elements where they were, and no read-only elements (Concur answers E001).
 */
export function serializeProfileForPost(profile: TravelProfile, action: 'Create' | 'Update'): string {
  if (profile.loginId.trim().length < 3)
    throw new ConcurError(
      'invalid-input',
      `A Concur login must be at least 3 characters, got "${profile.loginId}".`,
    )
  const attributes: Record<string, string> = { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' }
  for (const [name, value] of Object.entries(profile.unknown.rootAttributes)) {
    // Unique is a response-only attribute; the namespace is set above.
    if (name.toLowerCase() !== 'unique' && name.toLowerCase() !== 'xmlns:xsi') attributes[name] = value
  }
  attributes['Action'] = action
  attributes['LoginId'] = profile.loginId
  if (profile.status) attributes['Status'] = profile.status

  const known: Array<[string, XmlNode]> = []
  const sectionAttrs = (tag: string): Record<string, string> | undefined =>
    profile.unknown.sectionAttributes[tag]
  const general = writeRecord(
    'General',
    profile.general,
    GENERAL_FIELDS,
    GENERAL_ORDER,
    undefined,
    sectionAttrs('General'),
  )
  if (elementsOf(general).length > 0) known.push(['General', general])
  if (profile.emergencyContact)
    known.push([
      'EmergencyContact',
      writeEmergencyContact(profile.emergencyContact, sectionAttrs('EmergencyContact')),
    ])
  if (profile.telephones)
    known.push([
      'Telephones',
      element(
        'Telephones',
        profile.telephones.map((t) =>
          writeRecord('Telephone', t, TELEPHONE_FIELDS, fieldOrder(TELEPHONE_FIELDS), {
            Type: t.type,
            ...(t.contactOptIn === undefined ? {} : { ContactOptIn: t.contactOptIn }),
            ...(t.primaryMobile === undefined ? {} : { PrimaryMobile: t.primaryMobile }),
          }),
        ),
        sectionAttrs('Telephones'),
      ),
    ])
  if (profile.addresses)
    known.push([
      'Addresses',
      element(
        'Addresses',
        profile.addresses.map((a) =>
          writeRecord('Address', a, ADDRESS_FIELDS, fieldOrder(ADDRESS_FIELDS), { Type: a.type }),
        ),
        sectionAttrs('Addresses'),
      ),
    ])
  if (profile.nationalIds)
    known.push([
      'NationalIDs',
      element(
        'NationalIDs',
        profile.nationalIds.map((n) =>
          writeRecord('NationalID', n, NATIONAL_ID_FIELDS, fieldOrder(NATIONAL_ID_FIELDS)),
        ),
        sectionAttrs('NationalIDs'),
      ),
    ])
  if (profile.hasNoPassport !== undefined)
    known.push(['HasNoPassport', leaf('HasNoPassport', profile.hasNoPassport)])
  if (profile.passports)
    known.push([
      'Passports',
      element(
        'Passports',
        profile.passports.map((p) =>
          writeRecord('Passport', p, PASSPORT_FIELDS, fieldOrder(PASSPORT_FIELDS)),
        ),
        sectionAttrs('Passports'),
      ),
    ])
  if (profile.emailAddresses)
    known.push([
      'EmailAddresses',
      element(
        'EmailAddresses',
        profile.emailAddresses.map((e) =>
          leaf('EmailAddress', e.address, {
            ...(e.extraAttributes ?? {}),
            ...(e.contact === undefined ? {} : { Contact: e.contact }),
            Type: e.type,
          }),
        ),
        sectionAttrs('EmailAddresses'),
      ),
    ])
  for (const [key, spec] of Object.entries(TRAVEL_SECTIONS)) {
    const memberships = profile.loyalty?.[key as keyof LoyaltyPrograms]
    const others = profile.unknown.sectionChildren[spec.tag] ?? []
    if (memberships === undefined && others.length === 0) continue
    const items: Array<[string, XmlNode]> =
      memberships === undefined
        ? []
        : [
            [
              spec.list,
              element(
                spec.list,
                memberships.map((m) => writeRecord(spec.item, m, MEMBERSHIP_FIELDS, MEMBERSHIP_ORDER)),
              ),
            ],
          ]
    known.push([spec.tag, element(spec.tag, arrange(items, others, spec.order), sectionAttrs(spec.tag))])
  }
  if (profile.customFields)
    known.push([
      'CustomFields',
      element(
        'CustomFields',
        profile.customFields.map((f) => leaf('CustomField', f.value, { Name: f.name })),
        sectionAttrs('CustomFields'),
      ),
    ])

  const sections = profile.unknown.sections.filter(
    (s) => !READ_ONLY_SECTIONS.has((tagOf(s.node) ?? '').toLowerCase()),
  )
  return buildXml([element('ProfileResponse', arrange(known, sections, ROOT_SECTION_ORDER), attributes)])
}

/**
 * Orders known children by their position in `order`, and puts each unknown one right after the
 * known sibling it followed when parsed (or at its own position when `order` knows its name).
 */
function arrange(known: Array<[string, XmlNode]>, extras: ExtraNode[], order: readonly string[]): XmlNode[] {
  const index = (tag: string | null): number =>
    tag === null ? -1 : order.findIndex((t) => t.toLowerCase() === tag.toLowerCase())
  const keyed: Array<{ primary: number; secondary: number; node: XmlNode }> = known.map(([tag, node]) => ({
    primary: index(tag),
    secondary: 0,
    node,
  }))
  extras.forEach((e, i) => {
    const own = index(tagOf(e.node))
    keyed.push(
      own >= 0
        ? { primary: own, secondary: 0.5, node: e.node }
        : { primary: index(e.after), secondary: 1 + i, node: e.node },
    )
  })
  return keyed.sort((a, b) => a.primary - b.primary || a.secondary - b.secondary).map((k) => k.node)
}

function writeRecord<T extends { extra?: ExtraNode[]; extraAttributes?: Record<string, string> }>(
  tag: string,
  record: T,
  fields: Fields<T>,
  order: readonly string[],
  attributes?: Record<string, string>,
  sectionAttributes?: Record<string, string>,
): XmlNode {
  const known: Array<[string, XmlNode]> = []
  for (const [childTag, key] of fields) {
    const value = record[key]
    if (typeof value === 'string') known.push([childTag, leaf(childTag, value)])
  }
  const allAttrs = { ...(sectionAttributes ?? {}), ...(record.extraAttributes ?? {}), ...(attributes ?? {}) }
  return element(tag, arrange(known, record.extra ?? [], order), allAttrs)
}

function writeEmergencyContact(ec: EmergencyContact, sectionAttributes?: Record<string, string>): XmlNode {
  const known: Array<[string, XmlNode]> = []
  if (ec.name !== undefined) known.push(['Name', leaf('Name', ec.name)])
  if (ec.relationship !== undefined) known.push(['Relationship', leaf('Relationship', ec.relationship)])
  if (ec.phones)
    known.push([
      'Phones',
      element(
        'Phones',
        ec.phones.map((p) => leaf('Phone', p.number, { Type: p.type })),
      ),
    ])
  if (ec.address)
    known.push([
      'Address',
      writeRecord(
        'Address',
        ec.address,
        ADDRESS_FIELDS as Fields<Omit<Address, 'type'>>,
        fieldOrder(ADDRESS_FIELDS),
      ),
    ])
  return element(
    'EmergencyContact',
    arrange(known, ec.extra ?? [], ['Name', 'Relationship', 'Phones', 'Address']),
    { ...(sectionAttributes ?? {}), ...(ec.extraAttributes ?? {}) },
  )
}
