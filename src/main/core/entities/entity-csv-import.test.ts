import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { createMemoryEntityRepository } from './entity-repository'
import { columnOfHeader, importEntitiesCsv, splitIds } from './entity-csv-import'
import { createEntityStore } from './entity-store'

const U1 = '79840cd9-5989-4675-a254-3cdd0deeb178'
const U2 = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'

function store() {
  return createEntityStore({
    repo: createMemoryEntityRepository(),
    clock: createManualClock(0),
  })
}

describe('importEntitiesCsv', () => {
  it('creates entities from lenient headers and splits ids on ; and |', async () => {
    const s = store()
    const csv = `Entity Name,Entity/Outtask ID,Company UUID,Concur Site ID(s),Vendor Site IDs,Travel Config IDs,Faces Company\r\nEMEA,110034,${U1},S1;S2,EMEA-1|USA-2,TC1,faces-1\r\n`
    const report = await importEntitiesCsv(csv, s)
    expect(report).toMatchObject({ created: 1, updated: 0, rejected: 0 })
    const [e] = await s.list()
    expect(e).toMatchObject({
      siteIds: ['S1', 'S2'],
      vendorSiteIds: ['EMEA-1', 'USA-2'],
      travelConfigIds: ['TC1'],
    })
  })

  it('updates an existing Outtask ID and keeps stored values for empty cells', async () => {
    const s = store()
    await s.create({
      name: 'Old',
      outtaskId: '110034',
      companyUuid: U1,
      siteIds: ['S1'],
      vendorSiteIds: [],
      travelConfigIds: ['TC9'],
      facesCompanyId: 'f',
    })
    const report = await importEntitiesCsv(
      `name,outtaskId,companyUuid,siteIds,vendorSiteIds,travelConfigIds,facesCompanyId\nNew,110034,,,V1,,\n`,
      s,
    )
    expect(report.rows).toEqual([{ line: 2, outcome: 'updated', outtaskId: '110034', reasons: [] }])
    expect((await s.list())[0]).toMatchObject({
      name: 'New',
      companyUuid: U1,
      travelConfigIds: ['TC9'],
      vendorSiteIds: ['V1'],
    })
  })

  it('rejects rows with reasons naming the field and the line, and duplicates within the file', async () => {
    const s = store()
    const csv = [
      'name;outtaskId;companyUuid;facesCompanyId',
      `A;12x;${U1};f`,
      `B;200;79840cd9-5989-4675c-a254-3cdkkkdddeeebb178;f`,
      `C;300;${U2};f`,
      `D;300;${U2};f`,
    ].join('\n')
    const report = await importEntitiesCsv(csv, s)
    expect(report.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'created'],
      [5, 'rejected'],
    ])
    expect(report.rows[0]?.reasons[0]).toMatch(/^outtaskId: .*digits/)
    expect(report.rows[1]?.reasons[0]).toMatch(/^companyUuid:/)
    expect(report.rows[3]?.reasons[0]).toMatch(/line 4/)
  })

  it('writes nothing on a dry run but reports the same outcomes', async () => {
    const s = store()
    const report = await importEntitiesCsv(`name,outtaskId,companyUuid,facesCompanyId\nA,1,${U1},f\n`, s, {
      dryRun: true,
    })
    expect(report.created).toBe(1)
    expect(await s.list()).toEqual([])
  })

  it('refuses a file without the required columns', async () => {
    await expect(importEntitiesCsv('foo,bar\n1,2', store())).rejects.toMatchObject({ kind: 'invalid-input' })
  })
})

describe('CSV helpers', () => {
  it('matches header variants', () => {
    expect(columnOfHeader(' Client_UUID ')).toBe('companyUuid')
    expect(columnOfHeader('Managing TMC / Vendor Site ID(s)')).toBe('vendorSiteIds')
    expect(columnOfHeader('colour')).toBeNull()
    expect(splitIds(' a ; b|c ;; ')).toEqual(['a', 'b', 'c'])
  })
})
