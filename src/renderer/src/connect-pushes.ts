/**
 * The one place that listens to main's pushes: each push goes to its feature store. Components
 * never subscribe to the transport themselves. Called once at startup; returns a disconnect.
 */
import type { DeskApi } from '../../shared/desk-api'
import type { DeskNotification } from '../../shared/model'
import { deadCredentialKey, FAILING_POLLS, failingStreakKey } from './features/notifications/client-alerts'
import { useEntitiesStore } from './features/entities/entities-store'
import { useLogStore } from './features/log/log-store'
import { useToastsStore } from './features/notifications/toasts-store'
import { useSettingsStore } from './features/settings/settings-store'
import { useUpdatesStore } from './features/settings/updates-store'
import { useRunsStore } from './features/sync/runs-store'
import { useSandboxStore } from './features/sandbox/sandbox-store'
import { useTeamStore } from './features/team/team-store'
import { useTokensStore } from './features/tokens/tokens-store'

/**
 * The toast key of a main notification. Main's "polling keeps failing" (at the third failure) and
 * "credential dead" share their keys with the renderer's own checks of the same facts, so the desk
 * says each once.
 */
export function notifyKey(n: DeskNotification): string {
  if (n.id.startsWith('poll-failing-') && n.entityId) return failingStreakKey(n.entityId, FAILING_POLLS)
  // Main's "credential dead" and the renderer's check of the dead credential (since = when declared).
  if (n.id.startsWith('credential-dead-') && n.entityId) return deadCredentialKey(n.entityId, n.atMs)
  return `notify:${n.id}`
}

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
    api.subscribe('sandbox:changed', (s) => useSandboxStore.getState().replace(s)),
    api.subscribe('presence:changed', (p) => useTeamStore.getState().setPresence(p)),
    api.subscribe('team:changed', (s) => useTeamStore.getState().replace(s)),
    api.subscribe('notify', (n) => useToastsStore.getState().show({ ...n, key: notifyKey(n) })),
  ]
  return () => {
    for (const off of offs) off()
  }
}
