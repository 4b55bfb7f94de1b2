/** The simulated Travel Profile v2 API (summary, GET, POST) over real HTTP. */
import { describe, expect, it } from 'vitest'
import { start } from './concur-sim.test-helper'

describe('Travel Profile API', () => {
  it('answers an unknown token with 403 and a token at the wrong data centre with 403', async () => {
    const s = await start()
    expect((await s.api('summary?LastModifiedDate=2026-01-01T00:00:00', {}, 'made-up')).status).toBe(403)
    const token = await s.accessToken()
    const wrong = await fetch(
      `${s.urls.dataCentres['eu2']!}/api/travelprofile/v2.0/summary?LastModifiedDate=2026-01-01T00:00:00`,
      { headers: { authorization: `Bearer ${token}` } },
    )
    expect(wrong.status).toBe(403)
  })

  it('expires access tokens after an hour', async () => {
    const s = await start()
    const token = await s.accessToken()
    await s.clock.advance(3_600_000)
    expect((await s.api('summary?LastModifiedDate=2026-01-01T00:00:00', {}, token)).status).toBe(403)
  })

  it.each([
    ['summary', 'LastModifiedDate is required.'],
    ['summary?LastModifiedDate=2026-01-01T00:00:00Z', 'is not in the format YYYY-MM-DDThh:mm:ss.'],
    [
      'summary?LastModifiedDate=2026-01-01T00:00:00&ItemsPerPage=201',
      'ItemsPerPage must be between 1 and 200.',
    ],
  ])('rejects %s with a 400 Error body', async (path, message) => {
    const s = await start()
    const res = await s.api(path)
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toMatch(/^<\?xml[^>]*>\s*<Error>\s*<Message>/)
    expect(text).toContain(message)
  })

  it('pages with NextPageURL until the last page, then empty paging and Data past the end', async () => {
    const s = await start()
    for (const n of ['a', 'b', 'c'])
      s.sim.admin.upsertTraveller({
        companyUuid: s.company.uuid,
        loginId: `${n}@sim.test`,
        firstName: n,
        lastName: 'X',
      })
    const token = await s.accessToken()
    const page = async (p: number) =>
      (await s.api(`summary?LastModifiedDate=1900-01-01T12:00:00&ItemsPerPage=2&Page=${p}`, {}, token)).text()
    const first = await page(1)
    expect(first).toContain('<TotalPages>2</TotalPages>')
    expect(first).toMatch(
      /<NextPageURL>http:\/\/127\.0\.0\.1:\d+\/api\/travelprofile\/v2\.0\/summary\?[^<]*Page=2/,
    )
    expect(first).not.toContain('UUID')
    const last = await page(2)
    expect(last).toContain('<NextPageURL/>')
    expect(last).toContain('<LoginID>c@sim.test</LoginID>')
    const past = await page(3)
    expect(past).toContain('<TotalPages/>')
    expect(past).toContain('<Data/>')
  })

  it('accepts the TMC guide\'s Status="Inactive" filter as well as Active=0', async () => {
    const s = await start()
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'in@sim.test',
      firstName: 'I',
      lastName: 'X',
      status: 'Inactive',
    })
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'on@sim.test',
      firstName: 'O',
      lastName: 'X',
    })
    const token = await s.accessToken()
    for (const filter of ['Status=%22Inactive%22', 'Active=0']) {
      const text = await (
        await s.api(`summary?LastModifiedDate=1900-01-01T12:00:00&${filter}`, {}, token)
      ).text()
      expect(text).toContain('in@sim.test')
      expect(text).not.toContain('on@sim.test')
    }
  })

  it('treats LastModifiedDate as inclusive, in whole UTC seconds', async () => {
    const s = await start()
    await s.clock.advance(1500)
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'edge@sim.test',
      firstName: 'E',
      lastName: 'X',
    })
    const stamp = new Date(Math.floor(s.clock.nowMs() / 1000) * 1000).toISOString().slice(0, 19)
    const token = await s.accessToken()
    expect(await (await s.api(`summary?LastModifiedDate=${stamp}`, {}, token)).text()).toContain(
      'edge@sim.test',
    )
    const later = new Date(Math.floor(s.clock.nowMs() / 1000) * 1000 + 1000).toISOString().slice(0, 19)
    expect(await (await s.api(`summary?LastModifiedDate=${later}`, {}, token)).text()).not.toContain(
      'edge@sim.test',
    )
  })

  it('serves GET by ?uuid= and answers an unknown user with the documented Invalid User (switch)', async () => {
    const s = await start({ unknownUser: 'error-element' })
    const t = s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'u@sim.test',
      firstName: 'U',
      lastName: 'X',
    })
    const token = await s.accessToken()
    expect(await (await s.api(`profile?uuid=${t.uuid}`, {}, token)).text()).toContain('LoginId="u@sim.test"')
    const missing = await s.api('profile?userid_type=login&userid_value=nobody@sim.test', {}, token)
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('<Message>Invalid User:nobody@sim.test</Message>')
  })

  it('leaves out the sections of scopes the app was not granted', async () => {
    const s = await start()
    s.sim.admin.updateCompany(s.company.uuid, { scopes: ['openid', 'TRVPRF'] })
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'p@sim.test',
      firstName: 'P',
      lastName: 'X',
      employeeId: 'E1',
      profileXml:
        '<ProfileResponse><EmergencyContact><Name>Q</Name></EmergencyContact><Passports><Passport><PassportNumber>1</PassportNumber></Passport></Passports></ProfileResponse>',
    })
    const text = await (await s.api('profile?userid_type=login&userid_value=p@sim.test')).text()
    expect(text).toContain('<FirstName>P</FirstName>')
    for (const hidden of ['UUID', 'CompanyEmployeeID', 'EmergencyContact', 'Passports'])
      expect(text).not.toContain(hidden)
    expect(s.sim.admin.travellerXml(s.company.uuid, 'p@sim.test')).toContain(
      '<PassportNumber>1</PassportNumber>',
    )
  })

  it("limits an agency app's company token to the agency's travel configs", async () => {
    const s = await start({ unknownUser: 'error-element' })
    s.sim.admin.updateCompany(s.company.uuid, { travelConfigIds: ['77', '88'] })
    s.sim.admin.registerClient({
      clientId: 'agency-a',
      clientSecret: 'agency-a-secret',
      agencyTravelConfigIds: ['77'],
    })
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'a@sim.test',
      firstName: 'A',
      lastName: 'X',
      travelConfigId: '77',
    })
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'b@sim.test',
      firstName: 'B',
      lastName: 'X',
      travelConfigId: '88',
    })
    const requestToken = s.sim.admin.issueRequestToken(s.company.uuid, { clientId: 'agency-a' })
    const grant = await s.form({
      ...s.exchangeFields(),
      password: requestToken,
      client_id: 'agency-a',
      client_secret: 'agency-a-secret',
    })
    const token = ((await grant.json()) as { access_token: string }).access_token
    const summary = await (await s.api('summary?LastModifiedDate=1900-01-01T12:00:00', {}, token)).text()
    expect(summary).toContain('a@sim.test')
    expect(summary).not.toContain('b@sim.test')
    expect(
      await (await s.api('profile?userid_type=login&userid_value=b@sim.test', {}, token)).text(),
    ).toContain('Invalid User:b@sim.test')
    const create =
      '<ProfileResponse Action="Create" LoginId="c@sim.test"><General><FirstName>C</FirstName><LastName>X</LastName><TravelConfigID>88</TravelConfigID></General></ProfileResponse>'
    expect(await (await s.api('profile', { method: 'POST', body: create }, token)).text()).toContain(
      'No access to travel config 88.',
    )
    expect(await (await s.api('summary?LastModifiedDate=1900-01-01T12:00:00')).text()).toContain('b@sim.test')
  })

  it('reports malformed XML with its position', async () => {
    const s = await start()
    const res = await s.api('profile', {
      method: 'POST',
      body: '<ProfileResponse Action="Update"LoginId="x@sim.test">',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Message>There is an error in XML document (1, 33).</Message>')
  })

  it('rejects sections or General elements out of XSD order', async () => {
    const s = await start()
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'o@sim.test',
      firstName: 'O',
      lastName: 'X',
    })
    const token = await s.accessToken()
    const post = async (inner: string) =>
      (
        await s.api(
          'profile',
          {
            method: 'POST',
            body: `<ProfileResponse Action="Update" LoginId="o@sim.test">${inner}</ProfileResponse>`,
          },
          token,
        )
      ).text()
    expect(await post('<EmailAddresses/><Telephones/>')).toContain(
      'The element ProfileResponse has invalid child element Telephones (out of schema order).',
    )
    expect(await post('<General><LastName>X</LastName><FirstName>O</FirstName></General>')).toContain(
      'The element General has invalid child element FirstName',
    )
    expect(
      await post(
        '<General><FirstName>O</FirstName><Unheard>1</Unheard><LastName>X</LastName></General><NewSection/><Telephones/>',
      ),
    ).toContain('S001')
  })

  it('rejects read-only elements with E001 inside an Error wrapper', async () => {
    const s = await start()
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'r@sim.test',
      firstName: 'R',
      lastName: 'X',
    })
    const token = await s.accessToken()
    const got = await (await s.api('profile?userid_type=login&userid_value=r@sim.test', {}, token)).text()
    const res = await s.api(
      'profile',
      { method: 'POST', body: got.replace('Status="Active"', 'Action="Update"') },
      token,
    )
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toContain('<Code>E001</Code>')
    expect(text).toContain('<Field>General/HasOpenBooking</Field>')
    expect(text).toContain('<Field>General/UUID</Field>')
  })

  it('checks the create rules with the guide texts', async () => {
    const s = await start()
    const res = await s.api('profile', {
      method: 'POST',
      body: '<ProfileResponse Action="Create" LoginId="ab"><General><TravelConfigID>99</TravelConfigID></General></ProfileResponse>',
    })
    const text = await res.text()
    expect(text).toContain('Login Id is not specified or is less than three characters.')
    expect(text).toContain('Could not create a new user without a First Name.')
    expect(text).toContain('Could not create a new user without a Last Name.')
    expect(text).toContain('No access to travel config 99.')
  })

  it('leaves omitted elements alone, clears empty and nil ones, and bumps the modified second', async () => {
    const s = await start()
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'm@sim.test',
      firstName: 'M',
      lastName: 'X',
      middleName: 'Q',
      jobTitle: 'Chef',
    })
    await s.clock.advance(4_000)
    const body = `<ProfileResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Action="Update" LoginId="m@sim.test"><General><FirstName>Max</FirstName><MiddleName></MiddleName><JobTitle xsi:nil="true"/></General></ProfileResponse>`
    const res = await s.api('profile', { method: 'POST', body })
    expect(await res.text()).toContain('<Code>S001</Code>')
    const xml = s.sim.admin.travellerXml(s.company.uuid, 'm@sim.test')
    expect(xml).toContain('<FirstName>Max</FirstName>')
    expect(xml).toContain('<LastName>X</LastName>')
    expect(xml).toContain('<MiddleName/>')
    expect(xml).toContain('<JobTitle/>')
    expect(s.sim.admin.listTravellers(s.company.uuid)[0]!.lastModifiedMs).toBe(
      Math.floor(s.clock.nowMs() / 1000) * 1000,
    )
  })

  it('keeps cell phones unchanged with W012 when the primary rule is broken', async () => {
    const s = await start()
    s.sim.admin.upsertTraveller({
      companyUuid: s.company.uuid,
      loginId: 'c@sim.test',
      firstName: 'C',
      lastName: 'X',
    })
    const cells =
      '<Telephones><Telephone Type="Cell"><PhoneNumber>1</PhoneNumber></Telephone><Telephone Type="Cell"><PhoneNumber>2</PhoneNumber></Telephone></Telephones>'
    const res = await s.api('profile', {
      method: 'POST',
      body: `<ProfileResponse Action="Update" LoginId="c@sim.test">${cells}</ProfileResponse>`,
    })
    const text = await res.text()
    expect(text).toContain('<Code>W012</Code>')
    expect(s.sim.admin.travellerXml(s.company.uuid, 'c@sim.test')).not.toContain('Type="Cell"')
  })
})
