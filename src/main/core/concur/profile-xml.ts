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
import {
  XmlSyntaxError,
  attr,
  attrsOf,
  buildXml,
  child,
  childText,
  childrenNamed,
  element,
  elementsOf,
  leaf,
  parseXmlTree,
  rootOf,
  tagOf,
  textOf,
} from './xml-tree'

/** Root sections in XSD order (docs/concur-api.md §3.8); `Password` follows the sections in POST bodies. */
export const ROOT_SECTION_ORDER = [
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
  'Password',
] as const

/** Elements Concur rejects on POST with E001 (docs/concur-api.md §3.6). */
export const READ_ONLY_GENERAL = [
  'HasOpenBooking',
  'CountryCode',
  'CompanyName',
  'CompanyID',
  'AgencyNumber',
  'UUID',
  'AccountTerminationDate',
] as const

/** Loyalty statistics: read-only, never posted. */
export const LOYALTY_STATISTICS = [
  'PointTotal',
  'SegmentTotal',
  'NextStatus',
  'PointsUntilNextStatus',
  'SegmentsUntilNextStatus',
] as const

/** Root sections that are read-only as a whole. */
const READ_ONLY_SECTIONS = new Set(['discountcodes'])

type Fields<T> = ReadonlyArray<readonly [tag: string, key: keyof T & string]>

// General in the XSD order quoted by the validator output in the TMC guide (§3.6); the read-only
// ones are listed so that extras keep their place, but they are parsed into `readOnly`.
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
  'UUID',
  'AccountTerminationDate',
]
const GENERAL_FIELDS: Fields<ProfileGeneral> = [
  ['NamePrefix', 'namePrefix'],
  ['FirstName', 'firstName'],
  ['MiddleName', 'middleName'],
  ['LastName', 'lastName'],
  ['NameSuffix', 'nameSuffix'],
  ['PreferredName', 'preferredName'],
  ['JobTitle', 'jobTitle'],
  ['CostCenter', 'costCenter'],
  ['CompanyEmployeeID', 'companyEmployeeId'],
  ['Division', 'division'],
  ['PreferredLanguage', 'preferredLanguage'],
  ['EReceiptOptIn', 'eReceiptOptIn'],
  ['RuleClass', 'ruleClass'],
  ['TravelConfigID', 'travelConfigId'],
  ['MedicalAlerts', 'medicalAlerts'],
  ['SearchId', 'searchId'],
  ['GDSProfileName', 'gdsProfileName'],
  ['SabreProfileId', 'sabreProfileId'],
]
const TELEPHONE_FIELDS: Fields<Telephone> = [
  ['CountryCode', 'countryCode'],
  ['PhoneNumber', 'phoneNumber'],
  ['Extension', 'extension'],
]
const ADDRESS_FIELDS: Fields<Address> = [
  ['Street', 'street'],
  ['City', 'city'],
  ['StateProvince', 'stateProvince'],
  ['PostalCode', 'postalCode'],
  ['CountryCode', 'countryCode'],
]
const NATIONAL_ID_FIELDS: Fields<NationalId> = [
  ['NationalIDNumber', 'nationalIdNumber'],
  ['IssuingCountry', 'issuingCountry'],
  ['Expiration', 'expiration'],
]
const PASSPORT_FIELDS: Fields<Passport> = [
  ['PassportNumber', 'passportNumber'],
  ['PassportNationality', 'passportNationality'],
  ['PassportExpiration', 'passportExpiration'],
  ['PassportDateIssued', 'passportDateIssued'],
  ['PassportCityIssued', 'passportCityIssued'],
  ['PassportCountryIssued', 'passportCountryIssued'],
]
const MEMBERSHIP_ORDER = [
  'VendorCode',
  'AccountNo',
  'Status',
  'StatusBenefits',
  ...LOYALTY_STATISTICS,
  'Expiration',
  'IsSenator',
]
const MEMBERSHIP_FIELDS: Fields<LoyaltyMembership> = [
  ['VendorCode', 'vendorCode'],
  ['AccountNo', 'accountNo'],
  ['Status', 'status'],
  ['StatusBenefits', 'statusBenefits'],
  ['Expiration', 'expiration'],
  ['IsSenator', 'isSenator'],
]

/** Travel sections whose memberships are modelled; their other children are kept verbatim. */
const TRAVEL_SECTIONS = {
  air: {
    tag: 'Air',
    list: 'AirMemberships',
    item: 'AirMembership',
    order: ['AirMemberships', 'Seat', 'Meals', 'HomeAirport', 'AirOther'],
  },
  rail: {
    tag: 'Rail',
    list: 'RailMemberships',
    item: 'RailMembership',
    order: [
      'Seat',
      'Coach',
      'NoiseComfort',
      'Bed',
      'BedCategory',
      'Berth',
      'Deck',
      'SpaceType',
      'FareSpaceComfort',
      'SpecialMeals',
      'Contingencies',
      'RailMemberships',
    ],
  },
  car: {
    tag: 'Car',
    list: 'CarMemberships',
    item: 'CarMembership',
    order: [
      'CarSmokingCode',
      'CarGPS',
      'CarType',
      'CarMemberships',
      'CarOther',
      'CarSkiRack',
      'CarTransmission',
    ],
  },
  hotel: {
    tag: 'Hotel',
    list: 'HotelMemberships',
    item: 'HotelMembership',
    order: [
      'HotelSmokingCode',
      'HotelMemberships',
      'RoomType',
      'HotelOther',
      'PreferFoamPillows',
      'PreferCrib',
      'PreferRollawayBed',
      'PreferGym',
      'PreferPool',
      'PreferRestaurant',
      'PreferWheelchairAccess',
      'PreferAccessForBlind',
      'PreferRoomService',
      'PreferEarlyCheckIn',
    ],
  },
} as const satisfies Record<
  keyof LoyaltyPrograms,
  { tag: string; list: string; item: string; order: readonly string[] }
>

const MODELLED_ROOT = new Set(
  [
    'General',
    'EmergencyContact',
    'Telephones',
    'Addresses',
    'NationalIDs',
    'HasNoPassport',
    'Passports',
    'EmailAddresses',
    'CustomFields',
    'Air',
    'Rail',
    'Car',
    'Hotel',
  ].map((t) => t.toLowerCase()),
)

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses a Travel Profile v2 GET response (or a POST body) into the typed model.
 *
 * Throws a ConcurError: 'not-found' for `<Error><Message>Invalid User:…` or an E003 message (also a
 * bare one with HTTP 200), a traveller rejection for other E-messages, 'remote-failed' for XML that
 * is not well-formed or not a ProfileResponse. Callers add the entity and traveller; `login` names
 * the traveller asked for in the advice of a rejection.
 */
export function parseProfileXml(xml: string, login = ''): TravelProfile {
  const root = parseRoot(xml, 'travel profile')
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

function parseRoot(xml: string, what: string): XmlNode {
  let nodes: XmlNode[]
  try {
    nodes = parseXmlTree(xml)
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new ConcurError(
        'remote-failed',
        `Concur sent a ${what} that is not well-formed XML (line ${err.line}, column ${err.column}: ${err.detail})`,
        { cause: err },
      )
    throw err
  }
  const root = rootOf(nodes)
  if (!root) throw new ConcurError('remote-failed', `Concur sent an empty ${what}.`)
  return root
}

function parseStatus(value: string): TravelProfile['status'] {
  const v = value.trim().toLowerCase()
  return v === 'active' ? 'Active' : v === 'inactive' ? 'Inactive' : null
}

/** Maps an `<Error>` document (Invalid User, XML document errors, wrapped messages) to a ConcurError. */
export function errorFromErrorElement(
  root: XmlNode,
  status?: number,
  correlationId?: string,
  login = '',
): ConcurError {
  const message = child(root, 'Message')
  const nested = message ? childrenNamed(message, 'TravelProfileResponseMessage') : []
  const details = { ...(status === undefined ? {} : { status }), ...(correlationId ? { correlationId } : {}) }
  const messages = readResponseMessages(root)
  if (messages && outcomeOf(messages) === 'rejected')
    return rejectionError(messages, login || 'this login', details)
  const text =
    nested.length > 0
      ? nested.map((m) => `${childText(m, 'Code') ?? ''} ${childText(m, 'Message') ?? ''}`.trim()).join('; ')
      : message
        ? textOf(message).trim()
        : ''
  const invalidUser = /^Invalid User:(.*)$/i.exec(text)
  if (invalidUser)
    return new ConcurError(
      'not-found',
      `Concur has no profile with login ${(invalidUser[1] ?? '').trim() || login || 'this login'} (Invalid User). Create it in Concur, or correct the login in Faces.`,
      { ...details, travellerRejected: true, messageCode: 'INVALID-USER' },
    )
  if (/error in XML document/i.test(text))
    return new ConcurError(
      'bug',
      `Concur could not read the XML the desk sent (${text}). This is a bug in the desk: report it with the correlation id.`,
      { ...details, travellerRejected: true },
    )
  return new ConcurError(
    'remote-failed',
    `Concur reported an error: ${text.slice(0, 300) || '(no message)'}`,
    details,
  )
}

function canonical(order: readonly string[], tag: string): string {
  const lower = tag.toLowerCase()
  return order.find((t) => t.toLowerCase() === lower) ?? tag
}

function fieldOrder<T>(fields: Fields<T>): string[] {
  return fields.map(([tag]) => tag)
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

// ---------------------------------------------------------------------------------------------
// Serialising

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
