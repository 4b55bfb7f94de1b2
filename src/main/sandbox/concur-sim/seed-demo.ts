import type { ConcurSimAdmin } from './concur-simulator'
import { FIRST_NAMES as FIRST, JOB_TITLES as TITLES, LAST_NAMES as LAST } from './demo-names'

/** What `seedDemo()` created: the demo client and, per company, what an operator pastes into the desk. */
export interface DemoSeed {
  client: { clientId: string; clientSecret: string }
  companies: Array<{
    outtaskId: string
    companyUuid: string
    name: string
    dataCentre: string
    travelConfigIds: string[]
    requestToken: string
    travellerCount: number
  }>
}

/** The demo app registration the Sandbox configures the desk with. */
export const DEMO_CLIENT = {
  clientId: '7f3c2a9e-5b1d-4e8a-9c6f-2d4b8e1a0c57',
  clientSecret: 'sandbox-demo-client-secret',
} as const

const COMPANIES = [
  {
    outtaskId: '110034',
    uuid: '3f0b9d52-7c1e-4a6b-9e2d-51a8c4f0b134',
    name: 'Umbrella Demo GmbH',
    domain: 'umbrella-demo.example',
    travelConfigIds: ['46001', '46002'],
    travellers: 12,
  },
  {
    outtaskId: '110035',
    uuid: '8a6e1c47-2f9b-4d3a-b5e8-0c7d92a1f235',
    name: 'Nordlicht Reisen AG',
    domain: 'nordlicht-reisen.example',
    travelConfigIds: ['57010'],
    travellers: 7,
  },
  {
    outtaskId: '110036',
    uuid: 'c2d4e6f8-1a3b-4c5d-8e9f-7a6b5c4d3136',
    name: 'Alpenblick Consulting SA',
    domain: 'alpenblick.example',
    travelConfigIds: ['68020', '68021', '68022'],
    travellers: 18,
  },
] as const

/** Creates the three demo companies (us2, eu2, us2) with travellers, and one request token each. */
export function seedDemoData(admin: ConcurSimAdmin, random: () => number, dataCentres: string[]): DemoSeed {
  admin.registerClient(DEMO_CLIENT)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const result: DemoSeed = { client: { ...DEMO_CLIENT }, companies: [] }
  COMPANIES.forEach((c, index) => {
    const dataCentre = dataCentres[index % 2 === 0 ? 0 : Math.min(1, dataCentres.length - 1)]!
    const existing = admin.listCompanies().find((x) => x.uuid === c.uuid)
    const company =
      existing ??
      admin.createCompany({
        uuid: c.uuid,
        name: c.name,
        outtaskId: c.outtaskId,
        dataCentre,
        travelConfigIds: [...c.travelConfigIds],
      })
    const used = new Set(admin.listTravellers(company.uuid).map((t) => t.loginId))
    for (let i = 0; used.size < c.travellers && i < 200; i++) {
      const first = pick(FIRST)
      const last = pick(LAST)
      const login = `${first}.${last}@${c.domain}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
      if (used.has(login)) continue
      used.add(login)
      admin.upsertTraveller({
        companyUuid: company.uuid,
        loginId: login,
        firstName: first,
        lastName: last,
        email: login,
        phone: `+1 425-555-${String(1000 + Math.floor(random() * 9000))}`,
        employeeId: `E${c.outtaskId.slice(-3)}${String(used.size).padStart(3, '0')}`,
        jobTitle: pick(TITLES),
        travelConfigId: pick(c.travelConfigIds),
        status: random() < 0.1 ? 'Inactive' : 'Active',
      })
    }
    result.companies.push({
      outtaskId: company.outtaskId,
      companyUuid: company.uuid,
      name: company.name,
      dataCentre: company.dataCentre,
      travelConfigIds: [...company.travelConfigIds],
      requestToken: admin.issueRequestToken(company.uuid, { clientId: DEMO_CLIENT.clientId }),
      travellerCount: admin.listTravellers(company.uuid).length,
    })
  })
  return result
}
