/**
 * Creates demo entities in the Sandbox from the simulator's companies, so a fresh Sandbox desk has
 * something to show. Idempotent: an Outtask ID that already exists is left alone.
 */
import type { EntityRecord } from './entity-record'
import type { EntityStore } from './entity-store'

/** A Sandbox company as the simulators describe it. */
export type SandboxCompany = {
  name: string
  outtaskId: string
  companyUuid: string
  facesCompanyId: string
  siteIds?: string[]
  vendorSiteIds?: string[]
  travelConfigIds?: string[]
}

/** Creates the missing demo entities; returns the ones it created. */
export async function seedSandboxEntities(
  repo: EntityStore,
  companies: readonly SandboxCompany[],
): Promise<EntityRecord[]> {
  const created: EntityRecord[] = []
  for (const c of companies) {
    if (await repo.findByOuttaskId(c.outtaskId)) continue
    created.push(
      await repo.create({
        name: c.name,
        outtaskId: c.outtaskId,
        companyUuid: c.companyUuid,
        facesCompanyId: c.facesCompanyId,
        siteIds: c.siteIds ?? [],
        vendorSiteIds: c.vendorSiteIds ?? [],
        travelConfigIds: c.travelConfigIds ?? [],
      }),
    )
  }
  return created
}
