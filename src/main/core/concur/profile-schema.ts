/**
 * Concur's Travel Profile schema as the desk's client uses it: the XSD order of root sections and
 * of each section's fields (docs/concur-api.md §3.8, the TMC guide's validator output §3.6), the
 * read-only elements, and which fields each record maps. The simulators keep their own copy on
 * purpose: they check the client independently.
 */
import type {
  Address,
  LoyaltyMembership,
  LoyaltyPrograms,
  NationalId,
  Passport,
  ProfileGeneral,
  Telephone,
} from './travel-profile'

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
export const READ_ONLY_SECTIONS = new Set(['discountcodes'])

export type Fields<T> = ReadonlyArray<readonly [tag: string, key: keyof T & string]>

// General in the XSD order quoted by the validator output in the TMC guide (§3.6); the read-only
// ones are listed so that extras keep their place, but they are parsed into `readOnly`.
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
  'UUID',
  'AccountTerminationDate',
]
export const GENERAL_FIELDS: Fields<ProfileGeneral> = [
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
export const TELEPHONE_FIELDS: Fields<Telephone> = [
  ['CountryCode', 'countryCode'],
  ['PhoneNumber', 'phoneNumber'],
  ['Extension', 'extension'],
]
export const ADDRESS_FIELDS: Fields<Address> = [
  ['Street', 'street'],
  ['City', 'city'],
  ['StateProvince', 'stateProvince'],
  ['PostalCode', 'postalCode'],
  ['CountryCode', 'countryCode'],
]
export const NATIONAL_ID_FIELDS: Fields<NationalId> = [
  ['NationalIDNumber', 'nationalIdNumber'],
  ['IssuingCountry', 'issuingCountry'],
  ['Expiration', 'expiration'],
]
export const PASSPORT_FIELDS: Fields<Passport> = [
  ['PassportNumber', 'passportNumber'],
  ['PassportNationality', 'passportNationality'],
  ['PassportExpiration', 'passportExpiration'],
  ['PassportDateIssued', 'passportDateIssued'],
  ['PassportCityIssued', 'passportCityIssued'],
  ['PassportCountryIssued', 'passportCountryIssued'],
]
export const MEMBERSHIP_ORDER = [
  'VendorCode',
  'AccountNo',
  'Status',
  'StatusBenefits',
  ...LOYALTY_STATISTICS,
  'Expiration',
  'IsSenator',
]
export const MEMBERSHIP_FIELDS: Fields<LoyaltyMembership> = [
  ['VendorCode', 'vendorCode'],
  ['AccountNo', 'accountNo'],
  ['Status', 'status'],
  ['StatusBenefits', 'statusBenefits'],
  ['Expiration', 'expiration'],
  ['IsSenator', 'isSenator'],
]

/** Travel sections whose memberships are modelled; their other children are kept verbatim. */
export const TRAVEL_SECTIONS = {
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

export const MODELLED_ROOT = new Set(
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

export function canonical(order: readonly string[], tag: string): string {
  const lower = tag.toLowerCase()
  return order.find((t) => t.toLowerCase() === lower) ?? tag
}

export function fieldOrder<T>(fields: Fields<T>): string[] {
  return fields.map(([tag]) => tag)
}
