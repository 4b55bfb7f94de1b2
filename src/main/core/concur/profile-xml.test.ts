import { describe, expect, it } from 'vitest'
import { ConcurError } from './concur-error'
import { parseProfileXml, serializeProfileForPost } from './profile-xml'
import { parsePostResponse } from './post-response'
import { parseSummaryXml } from './summary-xml'
import { readFixture } from './fixtures.test-helper'

/** The malformed documented shapes, with the position the parser must report (line, column). */
const NOT_WELL_FORMED: Record<string, string> = {
  'profile-update-unused-tickets-request-tmc.xml':
    "line 2, column 49: Attribute 'LoginId' has no space in starting.",
  'profile-deactivate-request-tmc.xml': "line 2, column 51: Attribute 'LoginId' has no space in starting.",
  'profile-deactivate-result-fragment-tmc.xml':
    "line 3, column 72: Attribute 'LoginId' has no space in starting.",
  'profile-deactivate-unclosed-tmc.xml': "line 2, column 1: Unclosed tag 'ProfileResponse'.",
  'profile-email-attribute-space-missing-tmc.xml':
    "line 7, column 33: Attribute 'Type' has no space in starting.",
}

describe('profile fixtures', () => {
  it.each(Object.entries(NOT_WELL_FORMED))(
    'rejects the malformed docs sample %s with the position of the fault',
    (file, detail) => {
      expect(() => parseProfileXml(readFixture(file))).toThrowError(
        `Concur sent a travel profile that is not well-formed XML (${detail})`,
      )
    },
  )

  it('reads the only v2 GET sample, with read-only values kept apart', () => {
    const p = parseProfileXml(readFixture('profile-get-response.xml'))
    expect(p.loginId).toBe('anna.muster@umbrella-travel.test')
    expect(p.status).toBe('Active')
    expect(p.uuid).toBe('0b6f3c1e-8a2d-4f7b-9c5e-2d1a4b3c6e8f')
    expect(p.general).toMatchObject({
      firstName: 'Anna',
      middleName: 'Maria',
      lastName: 'Muster',
      namePrefix: '',
      companyEmployeeId: '110034-000417',
      travelConfigId: '146793',
      ruleClass: 'Default Travel Class',
    })
    expect(p.general.readOnly).toEqual({
      HasOpenBooking: 'false',
      CountryCode: 'CH',
      CompanyName: 'Umbrella Travel Test AG',
      CompanyID: '110034',
      UUID: '0b6f3c1e-8a2d-4f7b-9c5e-2d1a4b3c6e8f',
    })
    expect(p.addresses).toEqual([])
    expect(p.emailAddresses).toEqual([
      { type: 'Business', contact: 'true', address: 'anna.muster@umbrella-travel.test' },
    ])
    expect(p.loyalty).toEqual({ air: [], rail: [], car: [], hotel: [] })
  })

  it('reads the full create sample, traps included', () => {
    const p = parseProfileXml(readFixture('profile-create-full-request-tmc.xml'))
    expect(p.general.division).toBe('2000')
    expect(p.general.costCenter).toBe('')
    expect(p.telephones?.map((t) => [t.type, t.countryCode])).toEqual([
      ['Home', 'CH'],
      ['Work', 'CH'],
      ['Cell', 'CH'],
      ['Work', '01'],
    ])
    expect(p.telephones?.[2]).toMatchObject({
      primaryMobile: 'true',
      contactOptIn: 'false',
      extra: [{ after: 'Extension', node: { MobileDevice: [{ '#text': 'Unknown' }] } }],
    })
    expect(p.emergencyContact).toMatchObject({
      name: 'Jonas Exempel',
      relationship: 'Spouse',
      phones: [
        { type: 'DayTime', number: '+41 44 555 01 10' },
        { type: 'Alternate', number: '+41 79 555 01 11' },
      ],
      address: { city: 'Zurich' },
    })
    expect(p.emailAddresses?.filter((e) => e.type === 'Personal')).toHaveLength(2)
    expect(p.hasNoPassport).toBe('true')
    expect(p.loyalty?.air).toEqual([{ vendorCode: 'LX', accountNo: '992001234' }])
    expect(p.loyalty?.car).toEqual([{ vendorCode: 'ZI', accountNo: '7QX41B', status: 'PREFERRED' }])
    expect(p.loyalty?.hotel?.map((m) => m.vendorCode)).toEqual(['SW', '6C'])
    expect(p.customFields).toEqual([])
  })

  it.each([
    'profile-create-minimal-request.xml',
    'profile-create-basic-request-tmc.xml',
    'profile-update-minimal-request.xml',
  ])('reads the POST sample %s', (file) => {
    const p = parseProfileXml(readFixture(file))
    expect(p.loginId.length).toBeGreaterThan(3)
    expect(p.general.firstName).toBeTruthy()
  })

  it('keeps the Password of a create sample as an unknown root element after the sections', () => {
    const p = parseProfileXml(readFixture('profile-create-minimal-request.xml'))
    expect(p.unknown.sections).toEqual([
      { after: 'General', node: { Password: [{ '#text': 'fixture-password-1' }] } },
    ])
    expect(serializeProfileForPost(p, 'Create')).toMatch(
      /<\/General>\s*<Password>fixture-password-1<\/Password>\s*<\/ProfileResponse>/,
    )
  })

  it('maps an Invalid User error body to not-found naming the login', () => {
    const err = catchError(() => parseProfileXml(readFixture('profile-error-invalid-user.xml')))
    expect(err).toMatchObject({ kind: 'not-found', travellerRejected: true })
    expect(err.message).toBe(
      'Concur has no profile with login nobody@umbrella-travel.test (Invalid User). Create it in Concur, or correct the login in Faces.',
    )
  })

  it('reads a bare TravelProfileResponseMessage E003 (HTTP 200) as a permanent rejection of that login', () => {
    const body =
      '<TravelProfileResponseMessage><Code>E003</Code><Message>Invalid User: ghost@x.test</Message><CorrelationId>c1</CorrelationId></TravelProfileResponseMessage>'
    const err = catchError(() => parseProfileXml(body, 'ghost@x.test'))
    expect(err).toMatchObject({ kind: 'not-found', travellerRejected: true, messageCode: 'E003' })
    expect(err.message).toBe(
      'Concur has no profile with login ghost@x.test. Create it in Concur, or correct the login in Faces.',
    )
  })

  it('reads E-messages wrapped in <Error> as a rejection that names the field', () => {
    const err = catchError(() =>
      parseProfileXml(readFixture('profile-error-cannot-update-readonly.xml'), 'ann@x.test'),
    )
    expect(err).toMatchObject({ kind: 'invalid-input', travellerRejected: true, messageCode: 'E001' })
    expect(err.message).toMatch(/^Concur does not let the desk change General\/\w+ of ann@x\.test\./)
  })

  it('maps an XML-document error body to a bug of the desk', () => {
    const err = catchError(() => parseProfileXml(readFixture('profile-error-xml-document.xml')))
    expect(err.kind).toBe('bug')
    expect(err.message).toContain('There is an error in XML document (1, 147).')
  })
})

describe('summary fixtures', () => {
  it('reads the two-profile summary with string paging and the sync ids as they are', () => {
    const page = parseSummaryXml(readFixture('summary-response.xml'))
    expect(page).toEqual({
      page: 1,
      totalPages: 1,
      totalItems: 2,
      items: [
        {
          loginId: 'anna.muster@umbrella-travel.test',
          xmlProfileSyncId: 'SYNC-110034-0001',
          status: 'Active',
          lastModifiedMs: Date.UTC(2026, 2, 2, 7, 5),
        },
        {
          loginId: 'beat.beispiel@umbrella-travel.test',
          xmlProfileSyncId: 'SYNC-110034-0002',
          status: 'Inactive',
          lastModifiedMs: Date.UTC(2026, 2, 2, 7, 5),
        },
      ],
    })
  })

  it('reports the empty schema skeleton row as a problem, not as a traveller', () => {
    expect(parseSummaryXml(readFixture('summary-response-schema.xml'))).toEqual({
      page: 1,
      totalPages: 0,
      totalItems: 0,
      items: [],
      problems: [{ loginId: null, message: 'Concur sent summary row 1 without a LoginID.' }],
    })
  })

  it('reads a page past the last one (every element empty) as the end, not as an error', () => {
    expect(parseSummaryXml(readFixture('summary-response-past-last-page.xml'))).toEqual({
      page: 1,
      totalPages: 0,
      totalItems: 0,
      items: [],
    })
  })

  it('matches XMLProfileSyncID case-insensitively and treats empty paging as unknown', () => {
    const xml = `<ConnectResponse><Metadata><Paging><TotalPages /><TotalItems /><Page>4</Page><ItemsPerPage>200</ItemsPerPage><PreviousPageURL /><NextPageURL /></Paging></Metadata>
      <Data><ProfileSummary><Status>active</Status><LOGINID>a@b.c</LOGINID><XMLProfileSyncID>S1</XMLProfileSyncID><ProfileLastModifiedUTC>2026-01-02T03:04:05</ProfileLastModifiedUTC></ProfileSummary></Data></ConnectResponse>`
    expect(parseSummaryXml(xml)).toEqual({
      page: 4,
      totalPages: 4,
      totalItems: 1,
      items: [
        {
          loginId: 'a@b.c',
          xmlProfileSyncId: 'S1',
          status: 'Active',
          lastModifiedMs: Date.UTC(2026, 0, 2, 3, 4, 5),
        },
      ],
    })
  })

  it('names the traveller whose row cannot be read and keeps the good rows', () => {
    const row = (login: string, status: string, stamp: string) =>
      `<ProfileSummary><Status>${status}</Status><LoginID>${login}</LoginID><ProfileLastModifiedUTC>${stamp}</ProfileLastModifiedUTC></ProfileSummary>`
    const xml = `<ConnectResponse><Data>${row('x@y.z', 'Active', '2026-01-02 03:04:05Z')}${row('ok@y.z', 'Active', '2026-01-02T03:04:05')}${row('w@y.z', 'Gone', '2026-01-02T03:04:05')}</Data></ConnectResponse>`
    const page = parseSummaryXml(xml)
    expect(page.items.map((i) => i.loginId)).toEqual(['ok@y.z'])
    expect(page.problems).toEqual([
      {
        loginId: 'x@y.z',
        message:
          'Concur sent an unreadable ProfileLastModifiedUTC "2026-01-02 03:04:05Z" for traveller x@y.z.',
      },
      { loginId: 'w@y.z', message: 'Concur sent an unknown Status "gone" for traveller w@y.z.' },
    ])
  })
})

describe('POST response fixtures', () => {
  it('reads S001 as success', () => {
    expect(parsePostResponse(readFixture('profile-response-message-success.xml'))).toEqual([
      { code: 'S001', message: 'Success, no errors or warnings reported', severity: 'success' },
    ])
  })

  it.each([
    [
      'profile-response-message-w002.xml',
      'W002',
      'The field CountryCode must be a string with a maximum lengthof 2.',
    ],
    ['profile-response-message-w007.xml', 'W007', 'The CountryCode field is required.'],
  ])('reads the warning in %s with its field', (file, code, message) => {
    expect(parsePostResponse(readFixture(file))).toEqual([
      { code, message, field: 'Telephones/CountryCode', severity: 'warning' },
    ])
  })

  it('reads the five E001 messages inside the Error wrapper', () => {
    const messages = parsePostResponse(readFixture('profile-error-cannot-update-readonly.xml'))
    expect(messages.map((m) => m.field)).toEqual([
      'General/HasOpenBooking',
      'General/CountryCode',
      'General/CompanyName',
      'General/CompanyID',
      'General/AgencyNumber',
    ])
    expect(messages.every((m) => m.severity === 'error' && m.code === 'E001')).toBe(true)
  })

  it('reads the FOP wrapper message as a warning', () => {
    expect(parsePostResponse(readFixture('fop-error-w011-ghost-card.xml'))).toEqual([
      {
        code: 'W011',
        message: 'Cannot update Mandatory field for Corporate (Ghost) cards using this service.',
        field: 'CreditCard.Segment.Mandatory',
        severity: 'warning',
      },
    ])
  })

  it('throws for an Error without messages', () => {
    expect(() => parsePostResponse(readFixture('profile-error-invalid-user.xml'))).toThrowError(ConcurError)
  })
})

describe('serializeProfileForPost', () => {
  it('never posts read-only elements, loyalty statistics or DiscountCodes', () => {
    const p = parseProfileXml(readFixture('profile-get-response.xml'))
    p.loyalty = {
      air: [
        {
          vendorCode: 'LH',
          accountNo: '992001',
          statistics: { SegmentTotal: '12', PointsUntilNextStatus: '300' },
        },
      ],
    }
    p.unknown.sections.push({
      after: 'EmailAddresses',
      node: { DiscountCodes: [{ DiscountCode: [{ '#text': '1' }], ':@': { Vendor: 'Avis' } }] },
    })
    const xml = serializeProfileForPost(p, 'Update')
    for (const tag of [
      'HasOpenBooking',
      'CountryCode>CH',
      'CompanyName',
      'CompanyID',
      'UUID',
      'SegmentTotal',
      'PointsUntilNextStatus',
      'DiscountCode',
      'Unique=',
    ])
      expect(xml).not.toContain(tag)
    expect(xml).toContain('<AirMembership>')
    expect(xml).toMatch(
      /<ProfileResponse xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xmlns:xsd="[^"]+" Action="Update" LoginId="anna.muster@umbrella-travel.test" Status="Active">/,
    )
  })

  it('keeps unknown elements and attributes through a read-modify-write, in place', () => {
    const xml = `<ProfileResponse Status="Active" LoginId="ann@x.test" Future="1">
      <General><FirstName>Ann</FirstName><NewThing a="b">keep me</NewThing><LastName>Lee</LastName><TravelConfigID>1</TravelConfigID></General>
      <Telephones><Telephone Type="Cell" PrimaryMobile="true" Carrier="X"><CountryCode>US</CountryCode><PhoneNumber>1</PhoneNumber><Sms>yes</Sms></Telephone></Telephones>
      <Visas><Visa><VisaNumber>V1</VisaNumber></Visa></Visas>
      <BrandNewSection><Deep><Deeper>1</Deeper></Deep></BrandNewSection>
      <EmailAddresses><EmailAddress Type="Business" Verified="true">ann@x.test</EmailAddress></EmailAddresses>
      <Air><AirMemberships/><HomeAirport>SEA</HomeAirport><FutureAir>1</FutureAir></Air>
    </ProfileResponse>`
    const p = parseProfileXml(xml)
    p.general.firstName = 'Anna'
    p.general.jobTitle = 'Pilot'
    const back = parseProfileXml(serializeProfileForPost(p, 'Update'))
    expect(back.general.firstName).toBe('Anna')
    expect(back.unknown).toEqual({
      ...p.unknown,
      rootAttributes: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', Future: '1' },
    })
    expect(back.telephones).toEqual(p.telephones)
    expect(back.emailAddresses).toEqual(p.emailAddresses)
    const out = serializeProfileForPost(p, 'Update')
    expect(out.indexOf('<NewThing a="b">keep me</NewThing>')).toBeGreaterThan(out.indexOf('<FirstName>'))
    expect(out.indexOf('<NewThing')).toBeLessThan(out.indexOf('<LastName>'))
    expect(out.indexOf('<JobTitle>Pilot</JobTitle>')).toBeLessThan(out.indexOf('<TravelConfigID>'))
    expect(out.indexOf('<Visas>')).toBeLessThan(out.indexOf('<BrandNewSection>'))
    expect(out.indexOf('<BrandNewSection>')).toBeLessThan(out.indexOf('<EmailAddresses>'))
  })

  it('writes sections in XSD order even when the model adds one that was absent', () => {
    const p = parseProfileXml(readFixture('profile-update-minimal-request.xml'))
    p.emailAddresses = [{ type: 'Business', address: 'b@x.test' }]
    p.telephones = [{ type: 'Work', phoneNumber: '123' }]
    const out = serializeProfileForPost(p, 'Update')
    expect(out.indexOf('<General>')).toBeLessThan(out.indexOf('<Telephones>'))
    expect(out.indexOf('<Telephones>')).toBeLessThan(out.indexOf('<EmailAddresses>'))
  })

  it('refuses a login shorter than three characters', () => {
    const p = parseProfileXml(readFixture('profile-update-minimal-request.xml'))
    p.loginId = 'ab'
    expect(() => serializeProfileForPost(p, 'Create')).toThrowError(
      'A Concur login must be at least 3 characters, got "ab".',
    )
  })
})

function catchError(fn: () => unknown): ConcurError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConcurError) return err
    throw err
  }
  throw new Error('Expected a ConcurError, got none')
}
