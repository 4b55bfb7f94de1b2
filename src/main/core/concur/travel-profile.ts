/**
 * The typed Travel Profile v2 model the desk syncs.
 *
 * Convention for every optional field: `undefined` = the element is absent (on POST: "leave unchanged"),
 * `''` = the element is present and empty (on POST: "clear it"). Lists: `undefined` = section absent,
 * `[]` = an empty section element. Elements the model does not know are kept verbatim in `extra`
 * (with the name of the known sibling they followed) so a read-modify-write never drops them.
 */

/** One element of fast-xml-parser's `preserveOrder` tree: `{ Tag: XmlNode[], ':@'?: attrs }` or `{ '#text': s }`. */
export type XmlNode = { [tag: string]: XmlNode[] | Record<string, string> | string }

/** An element the model does not know, kept with the known sibling it followed (null = first). */
export interface ExtraNode {
  after: string | null
  node: XmlNode
}

/** Unknown attributes and children of one modelled element. */
export interface Extras {
  extra?: ExtraNode[]
  extraAttributes?: Record<string, string>
}

/** General section. Read-only values (HasOpenBooking, CountryCode, CompanyName, CompanyID, AgencyNumber, UUID, AccountTerminationDate) live in `readOnly`. */
export interface ProfileGeneral extends Extras {
  namePrefix?: string
  firstName?: string
  middleName?: string
  lastName?: string
  nameSuffix?: string
  preferredName?: string
  jobTitle?: string
  costCenter?: string
  companyEmployeeId?: string
  division?: string
  preferredLanguage?: string
  eReceiptOptIn?: string
  ruleClass?: string
  travelConfigId?: string
  medicalAlerts?: string
  searchId?: string
  gdsProfileName?: string
  sabreProfileId?: string
  /** Read-only elements exactly as Concur sent them (never posted). Keyed by element name. */
  readOnly?: Record<string, string>
}

export interface Telephone extends Extras {
  type: string
  countryCode?: string
  phoneNumber?: string
  extension?: string
  contactOptIn?: string
  primaryMobile?: string
}

export interface Address extends Extras {
  type: string
  street?: string
  city?: string
  stateProvince?: string
  postalCode?: string
  countryCode?: string
}

export interface EmailAddress extends Extras {
  type: string
  address: string
  contact?: string
}

export interface EmergencyContactPhone {
  type: string
  number: string
}

export interface EmergencyContact extends Extras {
  name?: string
  relationship?: string
  phones?: EmergencyContactPhone[]
  address?: Omit<Address, 'type'>
}

export interface NationalId extends Extras {
  nationalIdNumber?: string
  issuingCountry?: string
  expiration?: string
}

export interface Passport extends Extras {
  passportNumber?: string
  passportNationality?: string
  passportExpiration?: string
  passportDateIssued?: string
  passportCityIssued?: string
  passportCountryIssued?: string
}

/** A loyalty membership. Statistics (PointTotal, SegmentTotal, …) are read-only and kept in `statistics`. */
export interface LoyaltyMembership extends Extras {
  vendorCode?: string
  accountNo?: string
  status?: string
  statusBenefits?: string
  expiration?: string
  isSenator?: string
  /** Read-only loyalty statistics as sent by Concur; never posted. */
  statistics?: Record<string, string>
}

export interface LoyaltyPrograms {
  air?: LoyaltyMembership[]
  car?: LoyaltyMembership[]
  hotel?: LoyaltyMembership[]
  rail?: LoyaltyMembership[]
}

export interface CustomField {
  name: string
  value: string
}

/** A parsed Travel Profile (GET response or POST body). */
export interface TravelProfile {
  loginId: string
  status: 'Active' | 'Inactive' | null
  /** General/UUID (present only with the TMCSP scope). Read-only. */
  uuid: string | null
  /** ProfileLastModifiedUTC when the response carried one (epoch ms), else null. */
  lastModifiedMs: number | null
  general: ProfileGeneral
  emergencyContact?: EmergencyContact
  telephones?: Telephone[]
  addresses?: Address[]
  nationalIds?: NationalId[]
  hasNoPassport?: string
  passports?: Passport[]
  emailAddresses?: EmailAddress[]
  loyalty?: LoyaltyPrograms
  customFields?: CustomField[]
  /**
   * Root attributes, root sections and section children the model does not know, kept verbatim.
   * Air/Rail/Car/Hotel children other than memberships live here under their section name.
   */
  unknown: {
    rootAttributes: Record<string, string>
    sections: ExtraNode[]
    sectionChildren: Record<string, ExtraNode[]>
    sectionAttributes: Record<string, Record<string, string>>
  }
}
