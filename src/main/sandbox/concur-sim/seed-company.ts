/**
 * Travellers for a company the Sandbox learns from the desk (an entity someone added): the same
 * kind of people as the demo companies, but deterministic and unique at any count (5,000 for the
 * large-entity switch), so login ids never clash and a run of the same Sandbox looks the same.
 */
import type { ConcurSimAdmin } from './sim-state'
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './demo-names'

/** What a company's travellers need. */
export type CompanyTravellersInput = {
  companyUuid: string
  outtaskId: string
  /** The company's e-mail domain, e.g. `bergblick-travel.example`. */
  domain: string
  travelConfigIds: readonly string[]
  count: number
}

/** Plain ASCII, lower case, for login ids (Krüger → kruger). */
function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

/** An e-mail domain from a company name: "Bergblick Travel AG" → `bergblick-travel-ag.example`. */
export function domainFor(name: string, outtaskId: string): string {
  const words = asciiLower(name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  return `${words.length ? words.join('-') : `entity-${outtaskId}`}.example`
}

/**
 * Adds `count` travellers to a company; returns how many it now has. Traveller i gets a first and a
 * last name from the lists and a number once every pair is used, so logins stay unique.
 */
export function seedCompanyTravellers(admin: ConcurSimAdmin, input: CompanyTravellersInput): number {
  const pairs = FIRST_NAMES.length * LAST_NAMES.length
  const configs = input.travelConfigIds.length ? input.travelConfigIds : ['']
  for (let i = 0; i < input.count; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!
    const round = Math.floor(i / pairs)
    const local = `${asciiLower(first)}.${asciiLower(last)}${round > 0 ? `.${round + 1}` : ''}`
    const login = `${local}@${input.domain}`
    admin.upsertTraveller({
      companyUuid: input.companyUuid,
      loginId: login,
      firstName: first,
      lastName: last,
      email: login,
      phone: `+41 44 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`,
      employeeId: `E${input.outtaskId}-${String(i + 1).padStart(5, '0')}`,
      jobTitle: JOB_TITLES[i % JOB_TITLES.length]!,
      travelConfigId: configs[i % configs.length]!,
      status: 'Active',
    })
  }
  return admin.listTravellers(input.companyUuid).length
}
