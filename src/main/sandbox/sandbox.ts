/**
 * The built-in Sandbox: a simulated Concur (GLZ token host + data centres) and a simulated Faces,
 * real HTTP servers on random loopback ports, seeded with demo companies and travellers. Started
 * in-process when the Sandbox environment is selected; everything resets when it stops.
 */
import { DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS } from '../../shared/intake/intake-defaults'
import { BUSINESS_TIME_ZONE } from '../../shared/intake/format-time'
import type { Clock } from '../core/ports'
import type { Logger } from '../logging/logger'
import { createConcurSimulator, type ConcurSimulator } from './concur-sim/concur-simulator'
import type { DemoSeed } from './concur-sim/seed-demo'
import { createFacesSimulator, type FacesSimulator } from './faces-sim/faces-simulator'
import { createSandboxEntities, type SandboxEntities } from './sandbox-entities'
import { createSandboxReplies, type SandboxReplies } from './sandbox-replies'

/** Credentials the Sandbox's Faces accepts. */
export const SANDBOX_FACES_CREDENTIALS = { user: 'desk', apiKey: 'sandbox-faces-key' } as const

/** A demo company as the desk's entity list should show it. */
export type SandboxCompany = DemoSeed['companies'][number] & {
  facesCompanyId: string
  siteIds: string[]
  vendorSiteIds: string[]
}

/** A running Sandbox. */
export interface Sandbox {
  readonly concur: ConcurSimulator
  readonly faces: FacesSimulator
  readonly endpoints: {
    concurTokenBaseUrl: string
    concurClientId: string
    facesBaseUrl: string
    facesUser: string
  }
  readonly secrets: { concurClientSecret: string; facesApiKey: string }
  readonly dataCentres: Record<string, string>
  readonly companies: SandboxCompany[]
  /** Makes both simulators know an entity added to the desk (company, travellers, Faces company). */
  readonly entities: SandboxEntities
  /** SAP's replies with request tokens, and when each reached the desk. */
  readonly replies: SandboxReplies
  /** The text Concur would send for a company now: a case reply with a fresh request token (12 h). */
  caseTextFor(companyUuid: string, outtaskId: string): string
  stop(): Promise<void>
}

/** Starts both simulators and seeds them. */
export async function startSandbox(deps: Readonly<{ clock: Clock; log: Logger }>): Promise<Sandbox> {
  const log = deps.log.child('sandbox')
  const concur = createConcurSimulator({ clock: deps.clock, seed: 7 })
  const faces = createFacesSimulator({ clock: deps.clock, credentials: { ...SANDBOX_FACES_CREDENTIALS } })
  const [c, f] = await Promise.all([concur.start(), faces.start()])
  const seed = concur.admin.seedDemo()
  const companies: SandboxCompany[] = seed.companies.map((co, i) => ({
    ...co,
    facesCompanyId: `FC-${co.outtaskId}`,
    siteIds: [`S${co.outtaskId}`],
    vendorSiteIds: i === 0 ? ['TMC-EMEA-4410', 'TMC-USA-8120'] : ['TMC-EMEA-4410'],
  }))
  faces.admin.seedDemo(companies.map((co) => ({ id: co.facesCompanyId, name: co.name, travellers: 0 })))
  log.info('start: simulators up', { concur: c.glzUrl, faces: f.url, companies: companies.length })
  const replies = createSandboxReplies({ concur: concur.admin, nowMs: () => deps.clock.nowMs() })
  return {
    concur,
    faces,
    endpoints: {
      concurTokenBaseUrl: c.glzUrl,
      concurClientId: seed.client.clientId,
      facesBaseUrl: f.url,
      facesUser: SANDBOX_FACES_CREDENTIALS.user,
    },
    secrets: { concurClientSecret: seed.client.clientSecret, facesApiKey: SANDBOX_FACES_CREDENTIALS.apiKey },
    dataCentres: c.dataCentres,
    companies,
    entities: createSandboxEntities({
      concur: concur.admin,
      faces: faces.admin,
      dataCentres: Object.keys(c.dataCentres),
    }),
    replies,
    caseTextFor(companyUuid, outtaskId) {
      const name = companies.find((co) => co.companyUuid === companyUuid)?.name ?? `entity ${outtaskId}`
      return replies.reply(
        { name, outtaskId, companyUuid },
        'now',
        DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS * 3_600_000,
        BUSINESS_TIME_ZONE,
      ).caseText
    },
    async stop() {
      await Promise.all([concur.stop(), faces.stop()])
    },
  }
}
