/**
 * The Sandbox learns every entity added to the desk while it runs: the simulated Concur gets the
 * company (its UUID, Outtask ID, a data centre, Travel Config IDs) with travellers, and the
 * simulated Faces gets the company profile the refresh token will be handed to. Then the whole
 * job works on it as on the demo entities: case, simulated reply, paste, exchange, polling.
 */
import type { ConcurSimAdmin } from './concur-sim/concur-simulator'
import { domainFor, seedCompanyTravellers } from './concur-sim/seed-company'
import type { FacesSimAdmin } from './faces-sim/faces-simulator'

/** An entity as the desk describes it. */
export type LearnInput = {
  name: string
  outtaskId: string
  companyUuid: string
  travelConfigIds: readonly string[]
  /** Empty when the desk has none yet: the Sandbox then creates `FC-<Outtask ID>` in its Faces. */
  facesCompanyId: string
  /** Travellers for a company Concur does not know yet. @default DEFAULT_LEARNED_TRAVELLERS */
  travellers?: number
}

/** What the Sandbox did. */
export type LearnedEntity = {
  /** The Faces company the entity maps to (the one given, or the one the Sandbox created). */
  facesCompanyId: string
  /** True when the Sandbox created the Faces company just now. */
  isFacesCompanyNew: boolean
  /** True when the simulated Concur did not know the company before. */
  isConcurCompanyNew: boolean
  travellers: number
  dataCentre: string
}

/** Travellers a learned company gets when nothing else is asked for. */
export const DEFAULT_LEARNED_TRAVELLERS = 8

/** The Faces company the Sandbox creates for an entity without one. */
export function sandboxFacesCompanyId(outtaskId: string): string {
  return `FC-${outtaskId}`
}

/** Outtask IDs of the "new customer" companies start here (119901, 119902, …). */
export const NEW_CUSTOMER_OUTTASK_BASE = 119_900

/** Creates the learner over both simulators' admin APIs. */
export function createSandboxEntities(
  deps: Readonly<{ concur: ConcurSimAdmin; faces: FacesSimAdmin; dataCentres: readonly string[] }>,
) {
  return {
    /**
     * A company only the simulated Concur knows (a customer the desk has not added yet), with
     * travellers: its reply rehearses "a valid token for an unknown Outtask ID".
     */
    newCustomer(): { name: string; outtaskId: string; companyUuid: string } {
      const taken = new Set(deps.concur.listCompanies().map((c) => c.outtaskId))
      let n = NEW_CUSTOMER_OUTTASK_BASE + 1
      while (taken.has(String(n))) n++
      const outtaskId = String(n)
      const name = `Neukunde ${outtaskId} AG`
      const company = deps.concur.createCompany({
        name,
        outtaskId,
        dataCentre: deps.dataCentres[n % deps.dataCentres.length] ?? deps.dataCentres[0]!,
        travelConfigIds: [`7${outtaskId.slice(-5)}`],
      })
      seedCompanyTravellers(deps.concur, {
        companyUuid: company.uuid,
        outtaskId,
        domain: domainFor(name, outtaskId),
        travelConfigIds: company.travelConfigIds,
        count: DEFAULT_LEARNED_TRAVELLERS,
      })
      return { name, outtaskId, companyUuid: company.uuid }
    },
    /** Makes both simulators know the entity; idempotent (what exists is left as it is). */
    learn(input: LearnInput): LearnedEntity {
      const uuid = input.companyUuid.toLowerCase()
      const existing = deps.concur.listCompanies().find((c) => c.uuid === uuid)
      let dataCentre = existing?.dataCentre
      if (!existing) {
        // Spread learned companies over the data centres, so code 16 and geolocations get rehearsed too.
        dataCentre =
          deps.dataCentres[Number(input.outtaskId) % deps.dataCentres.length] ?? deps.dataCentres[0]
        const travelConfigIds = input.travelConfigIds.length
          ? [...input.travelConfigIds]
          : [`7${input.outtaskId.slice(-5).padStart(5, '0')}`]
        deps.concur.createCompany({
          uuid,
          name: input.name,
          outtaskId: input.outtaskId,
          ...(dataCentre ? { dataCentre } : {}),
          travelConfigIds,
        })
        seedCompanyTravellers(deps.concur, {
          companyUuid: uuid,
          outtaskId: input.outtaskId,
          domain: domainFor(input.name, input.outtaskId),
          travelConfigIds,
          count: input.travellers ?? DEFAULT_LEARNED_TRAVELLERS,
        })
      }
      const facesCompanyId = input.facesCompanyId.trim() || sandboxFacesCompanyId(input.outtaskId)
      const isFacesCompanyNew = deps.faces.getCompany(facesCompanyId) === null
      if (isFacesCompanyNew) deps.faces.createCompany(facesCompanyId, input.name)
      return {
        facesCompanyId,
        isFacesCompanyNew,
        isConcurCompanyNew: !existing,
        travellers: deps.concur.listTravellers(uuid).length,
        dataCentre: dataCentre ?? '',
      }
    },
  }
}

/** The learner of a Sandbox. */
export type SandboxEntities = ReturnType<typeof createSandboxEntities>
