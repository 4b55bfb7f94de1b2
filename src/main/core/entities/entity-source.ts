/**
 * The read API the sync engine uses to find what to poll: active (non-archived) entities with the
 * facts a poll needs. No secrets: the connector loads credentials by entity id itself.
 */
import type { EntityRecord } from './entity-record'
import type { EntityStore } from './entity-store'

/** One entity as the sync engine sees it. `id` is also the connector's `entityKey`. */
export type SourceEntity = {
  id: string
  name: string
  outtaskId: string
  companyUuid: string
  travelConfigIds: string[]
  facesCompanyId: string
  geolocation: string | null
  pollingActive: boolean
}

/** Lists entities for the sync engine. */
export interface EntitySource {
  /** Non-archived entities, polling on or off (filter on `pollingActive`). */
  listActive(): Promise<SourceEntity[]>
  /** One entity by id, or null when unknown or archived. */
  get(entityId: string): Promise<SourceEntity | null>
}

/** Builds the sync engine's view over the entity store. */
export function createEntitySource(store: EntityStore): EntitySource {
  const toSource = (e: Readonly<EntityRecord>): SourceEntity => ({
    id: e.id,
    name: e.name,
    outtaskId: e.outtaskId,
    companyUuid: e.companyUuid,
    travelConfigIds: [...e.travelConfigIds],
    facesCompanyId: e.facesCompanyId,
    geolocation: e.geolocation,
    pollingActive: e.pollingActive,
  })
  return {
    async listActive() {
      return store.mapActive(toSource)
    },
    // One entity, not the whole list: a copy of 5,000 entities per lookup made the engine's start
    // (and every run's lookups) quadratic in the entity count.
    async get(entityId) {
      const e = await store.find(entityId)
      return e && !e.archived ? toSource(e) : null
    },
  }
}
