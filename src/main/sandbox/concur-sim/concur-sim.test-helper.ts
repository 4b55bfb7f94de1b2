/** A started Concur simulator on a manual clock with one company at us2, and small HTTP helpers for its tests. */
import { afterEach } from 'vitest'
import { createManualClock } from '../../core/clock'
import { createConcurSimulator, type ConcurSimulatorOptions } from './concur-simulator'

export const CLIENT = { clientId: 'sim-test-client', clientSecret: 'sim-test-secret' }
const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

/** Starts a simulator (stopped after each test). */
export async function start(options: Partial<ConcurSimulatorOptions> = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 10, 8, 0, 0))
  // Nobody advances this clock during a request: no processing time (concur-simulator-strict covers it).
  const sim = createConcurSimulator({ clock, latency: 'none', ...options })
  running.push(sim)
  const urls = await sim.start()
  sim.admin.registerClient(CLIENT)
  const company = sim.admin.createCompany({
    name: 'Sim Co',
    outtaskId: '4242',
    dataCentre: 'us2',
    travelConfigIds: ['77'],
  })
  const us2 = urls.dataCentres['us2']!
  /** What the strict simulator names as the geolocation of a us2 company. */
  const us2Geolocation = `${us2.replace('http', 'HTTP').replace('127.0.0.1', 'LocalHost')}/oauth2/v0/token`
  const form = (fields: Record<string, string>) =>
    fetch(`${urls.glzUrl}/oauth2/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })
  const exchangeFields = () => ({
    grant_type: 'password',
    username: company.uuid,
    password: sim.admin.issueRequestToken(company.uuid),
    credtype: 'authtoken',
    ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
  })
  const accessToken = async (): Promise<string> =>
    ((await (await form(exchangeFields())).json()) as { access_token: string }).access_token
  const api = async (path: string, init: RequestInit = {}, token?: string) =>
    fetch(`${us2}/api/travelprofile/v2.0/${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${token ?? (await accessToken())}`,
      },
    })
  return { clock, sim, urls, company, us2, us2Geolocation, form, exchangeFields, accessToken, api }
}
