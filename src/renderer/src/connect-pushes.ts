/**
 * The one place that listens to main's pushes: each push goes to its feature store. Components
 * never subscribe to the transport themselves. Called once at startup; returns a disconnect.
 */
import type { DeskApi } from '../../shared/desk-api'
import { useEntitiesStore } from './features/entities/entities-store'
import { useLogStore } from './features/log/log-store'
import { useToastsStore } from './features/notifications/toasts-store'
import { useSettingsStore } from './features/settings/settings-store'
import { useUpdatesStore } from './features/settings/updates-store'
import { useRunsStore } from './features/sync/runs-store'
import { useTokensStore } from './features/tokens/tokens-store'

/** Routes every push channel to its store. */
export function connectPushes(api: DeskApi): () => void {
  const offs = [
    api.subscribe('entity:updated', (e) => useEntitiesStore.getState().upsert(e)),
    api.subscribe('entity:removed', (p) => useEntitiesStore.getState().remove(p.entityId)),
    api.subscribe('token:updated', (t) => useTokensStore.getState().upsert(t)),
    api.subscribe('sync:run-updated', (r) => {
      useRunsStore.getState().upsert(r)
      // A finished run changes the entity's last poll and counts; main may not push the entity itself.
      if (r.finishedAtMs !== null) void useEntitiesStore.getState().refresh(r.entityId)
    }),
    api.subscribe('log:appended', (records) => useLogStore.getState().append(records)),
    api.subscribe('settings:changed', (s) => useSettingsStore.getState().replace(s)),
    api.subscribe('updates:changed', (s) => useUpdatesStore.getState().replace(s)),
    api.subscribe('notify', (n) => useToastsStore.getState().show({ ...n, key: `notify:${n.id}` })),
  ]
  return () => {
    for (const off of offs) off()
  }
}
