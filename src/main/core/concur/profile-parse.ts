/** Parses Travel Profile v2 XML (a GET response or a POST body) into the typed model, keeping unknown elements in place. */
import { parseConcurRoot } from './concur-xml-root'
import { ConcurError } from './concur-error'
import { outcomeOf, readResponseMessages, rejectionError } from './response-message'
import { parseConcurUtc } from './concur-time'
import type {
  Address,
  CustomField,
  EmailAddress,
  EmergencyContact,
  ExtraNode,
  LoyaltyMembership,
  LoyaltyPrograms,
  NationalId,
  Passport,
  ProfileGeneral,
  Telephone,
  TravelProfile,
  XmlNode,
} from './travel-profile'
import { attr, attrsOf, childrenNamed, elementsOf, tagOf, textOf } from './xml-tree'

import {
  ROOT_SECTION_ORDER,
  READ_ONLY_GENERAL,
  LOYALTY_STATISTICS,
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
  MODELLED_ROOT,
  canonical,
  fieldOrder,
} from './profile-schema'
import { errorFromErrorElement } from './profile-error-element'

/**
 * Parses a Travel Profile v2 GET response (or a POST body) into the typed model.
 *
 * Throws a ConcurError: 'not-found' for `<Error><Message>Invalid User:…` or an E003 message (also a
 * bare one with HTTP 200), a traveller rejection for other E-messages, 'remote-failed' for XML that
 * is not well-formed or not a ProfileResponse. Callers add the entity and traveller; `login` names
 * the traveller asked for in the advice of a rejection.
 */
export function parseProfileXml(xml: string, login = ''): TravelProfile {
  const root = parseConcurRoot(xml, 'travel profile')
  const rootTag = tagOf(root) ?? ''
  if (rootTag.toLowerCase() === 'error') throw errorFromErrorElement(root, undefined, undefined, login)
  const messages = readResponseMessages(root)
  if (messages && outcomeOf(messages) === 'rejected') throw rejectionError(messages, login || 'this login')
  if (rootTag.toLowerCase() !== 'profileresponse')
    throw new ConcurError(
      'remote-failed',
      `Concur sent a travel profile with the unexpected root element <${rootTag}>.`,
    )

  const rootAttributes: Record<string, string> = {}
  let loginId = ''
  let status: TravelProfile['status'] = null
  let lastModifiedMs: number | null = null
  for (const [name, value] of Object.entries(attrsOf(root))) {
    const lower = name.toLowerCase()
    if (lower === 'loginid') loginId = String(value)
    else if (lower === 'status') status = parseStatus(String(value))
    else if (lower === 'action') continue
    else if (lower === 'profilelastmodifiedutc') lastModifiedMs = parseConcurUtc(String(value))
    else rootAttributes[name] = String(value)
  }

  const profile: TravelProfile = {
    loginId,
    status,
    uuid: null,
    lastModifiedMs,
    general: {},
    unknown: { rootAttributes, sections: [], sectionChildren: {}, sectionAttributes: {} },
  }
  let lastKnown: string | null = null
  for (const section of elementsOf(root)) {
    const tag = tagOf(section) ?? ''
    const lower = tag.toLowerCase()
    if (lower === 'profilelastmodifiedutc') {
      lastModifiedMs = parseConcurUtc(textOf(section))
      profile.lastModifiedMs = lastModifiedMs
      continue
    }
    if (!MODELLED_ROOT.has(lower)) {
      profile.unknown.sections.push({ after: lastKnown, node: section })
      // A section the XSD names (Visas, Roles…) anchors the unknown ones after it.
      if (ROOT_SECTION_ORDER.some((t) => t.toLowerCase() === lower))
        lastKnown = canonical(ROOT_SECTION_ORDER, tag)
      continue
    }
    lastKnown = canonical(ROOT_SECTION_ORDER, tag)
    const sectionAttrs = attrsOf(section)
    if (Object.keys(sectionAttrs).length > 0)
      profile.unknown.sectionAttributes[lastKnown] = { ...sectionAttrs }
    switch (lower) {
      case 'general': {
        const general = readRecord<ProfileGeneral>(section, GENERAL_FIELDS, GENERAL_ORDER, READ_ONLY_GENERAL)
        profile.general = general
        profile.uuid = general.readOnly?.['UUID'] || null
        break
      }
      case 'emergencycontact':
        profile.emergencyContact = readEmergencyContact(section)
        break
      case 'telephones':
        profile.telephones = childrenNamed(section, 'Telephone').map(readTelephone)
        break
      case 'addresses':
        profile.addresses = childrenNamed(section, 'Address').map((n) => ({
          ...readRecord<Address>(n, ADDRESS_FIELDS, fieldOrder(ADDRESS_FIELDS)),
          ...typedAttrs(n, ['Type'], (a) => ({ type: a['Type'] ?? '' })),
        }))
        break
      case 'nationalids':
        profile.nationalIds = childrenNamed(section, 'NationalID').map((n) =>
          readRecord<NationalId>(n, NATIONAL_ID_FIELDS, fieldOrder(NATIONAL_ID_FIELDS)),
        )
        break
      case 'hasnopassport':
        profile.hasNoPassport = textOf(section)
        break
      case 'passports':
        profile.passports = childrenNamed(section, 'Passport').map((n) =>
          readRecord<Passport>(n, PASSPORT_FIELDS, fieldOrder(PASSPORT_FIELDS)),
        )
        break
      case 'emailaddresses':
        profile.emailAddresses = childrenNamed(section, 'EmailAddress').map(readEmail)
        break
      case 'customfields':
        profile.customFields = childrenNamed(section, 'CustomField').map((n): CustomField => ({
          name: attr(n, 'Name') ?? '',
          value: textOf(n),
        }))
        break
      case 'air':
      case 'rail':
      case 'car':
      case 'hotel':
        readTravelSection(profile, lower, section)
        break
    }
  }
  return profile
}

function parseStatus(value: string): TravelProfile['status'] {
  const v = value.trim().toLowerCase()
  return v === 'active' ? 'Active' : v === 'inactive' ? 'Inactive' : null
}

/** Reads leaf children into a record; read-only tags go to `readOnly`; everything else to `extra`. */
function readRecord<T extends { extra?: ExtraNode[]; readOnly?: Record<string, string> }>(
  node: XmlNode,
  fields: Fields<T>,
  order: readonly string[],
  readOnlyTags: readonly string[] = [],
): T {
  const out: Record<string, unknown> = {}
  const extra: ExtraNode[] = []
  const readOnly: Record<string, string> = {}
  let lastKnown: string | null = null
  for (const c of elementsOf(node)) {
    const tag = tagOf(c) ?? ''
    const lower = tag.toLowerCase()
    const field = fields.find(([t]) => t.toLowerCase() === lower)
    const ro = readOnlyTags.find((t) => t.toLowerCase() === lower)
    if (field && elementsOf(c).length === 0) {
      out[field[1]] = textOf(c)
      lastKnown = field[0]
    } else if (ro) {
      readOnly[ro] = textOf(c)
      lastKnown = ro
    } else {
      extra.push({ after: lastKnown, node: c })
      const known = order.find((t) => t.toLowerCase() === lower)
      if (known) lastKnown = known
    }
  }
  if (extra.length > 0) out['extra'] = extra
  if (readOnlyTags.length > 0 && Object.keys(readOnly).length > 0) out['readOnly'] = readOnly
  return out as T
}

function typedAttrs<T>(
  node: XmlNode,
  known: string[],
  pick: (a: Record<string, string>) => T,
): T & { extraAttributes?: Record<string, string> } {
  const knownAttrs: Record<string, string> = {}
  const extraAttributes: Record<string, string> = {}
  for (const [name, value] of Object.entries(attrsOf(node))) {
    const k = known.find((x) => x.toLowerCase() === name.toLowerCase())
    if (k) knownAttrs[k] = String(value)
    else extraAttributes[name] = String(value)
  }
  const picked = pick(knownAttrs)
  return Object.keys(extraAttributes).length > 0
    ? { ...picked, extraAttributes }
    : (picked as T & { extraAttributes?: Record<string, string> })
}

function readTelephone(n: XmlNode): Telephone {
  return {
    ...readRecord<Telephone>(n, TELEPHONE_FIELDS, fieldOrder(TELEPHONE_FIELDS)),
    ...typedAttrs(n, ['Type', 'ContactOptIn', 'PrimaryMobile'], (a) => ({
      type: a['Type'] ?? '',
      ...(a['ContactOptIn'] === undefined ? {} : { contactOptIn: a['ContactOptIn'] }),
      ...(a['PrimaryMobile'] === undefined ? {} : { primaryMobile: a['PrimaryMobile'] }),
    })),
  }
}

function readEmail(n: XmlNode): EmailAddress {
  return typedAttrs(n, ['Type', 'Contact'], (a) => ({
    type: a['Type'] ?? '',
    address: textOf(n),
    ...(a['Contact'] === undefined ? {} : { contact: a['Contact'] }),
  }))
}

function readEmergencyContact(n: XmlNode): EmergencyContact {
  const fields: Fields<EmergencyContact> = [
    ['Name', 'name'],
    ['Relationship', 'relationship'],
  ]
  const order = ['Name', 'Relationship', 'Phones', 'Address']
  const out = readRecord<EmergencyContact>(n, fields, order)
  const extra = (out.extra ?? []).filter((e) => {
    const tag = (tagOf(e.node) ?? '').toLowerCase()
    if (tag === 'phones') {
      out.phones = childrenNamed(e.node, 'Phone').map((p) => ({
        type: attr(p, 'Type') ?? '',
        number: textOf(p),
      }))
      return false
    }
    if (tag === 'address') {
      out.address = readRecord<Omit<Address, 'type'>>(
        e.node,
        ADDRESS_FIELDS as Fields<Omit<Address, 'type'>>,
        fieldOrder(ADDRESS_FIELDS),
      )
      return false
    }
    return true
  })
  if (extra.length > 0) out.extra = extra
  else delete out.extra
  return out
}

function readTravelSection(profile: TravelProfile, key: string, section: XmlNode): void {
  const spec = TRAVEL_SECTIONS[key as keyof typeof TRAVEL_SECTIONS]
  const others: ExtraNode[] = []
  let lastKnown: string | null = null
  for (const c of elementsOf(section)) {
    const tag = tagOf(c) ?? ''
    if (tag.toLowerCase() === spec.list.toLowerCase()) {
      profile.loyalty ??= {}
      profile.loyalty[key as keyof LoyaltyPrograms] = childrenNamed(c, spec.item).map(readMembership)
      lastKnown = spec.list
    } else {
      others.push({ after: lastKnown, node: c })
      if (spec.order.some((t) => t.toLowerCase() === tag.toLowerCase()))
        lastKnown = canonical(spec.order, tag)
    }
  }
  profile.unknown.sectionChildren[spec.tag] = others
}

function readMembership(n: XmlNode): LoyaltyMembership {
  const out = readRecord<LoyaltyMembership & { readOnly?: Record<string, string> }>(
    n,
    MEMBERSHIP_FIELDS,
    MEMBERSHIP_ORDER,
    LOYALTY_STATISTICS,
  )
  const { readOnly, ...membership } = out
  return readOnly ? { ...membership, statistics: readOnly } : membership
}
