/**
 * Entities as main reports them: loaded once, then kept current by 'entity:updated' and
 * 'entity:removed' pushes. Each entity is replaced as a whole object so that rows whose entity did
 * not change keep their identity and do not re-render.
 */
import { create } from 'zustand'
import type { EntityView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'

type EntitiesState = {
  byId: Record<string, EntityView>
  status: 'idle' | 'loading' | 'ready' | 'failed'
  problem: Problem | null
  load: () => Promise<void>
  /** Re-reads one entity (after a sync run ends, its poll summary and next poll change). */
  refresh: (entityId: string) => Promise<void>
  upsert: (entity: EntityView) => void
  remove: (entityId: string) => void
}

/** All entities by id. */
export const useEntitiesStore = create<EntitiesState>((set, get) => ({
  byId: {},
  status: 'idle',
  problem: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', problem: null })
    const r = await getDeskApi().call('entities:list', { includeArchived: true })
    if (!r.ok) return set({ status: 'failed', problem: r.problem })
    const byId: Record<string, EntityView> = {}
    for (const e of r.value) byId[e.id] = e
    set({ byId, status: 'ready', problem: null })
  },
  async refresh(entityId) {
    const r = await getDeskApi().call('entities:get', { entityId })
    if (r.ok) get().upsert(r.value)
  },
  upsert(entity) {
    set({ byId: { ...get().byId, [entity.id]: entity } })
  },
  remove(entityId) {
    const { [entityId]: _gone, ...rest } = get().byId
    set({ byId: rest })
  },
}))
