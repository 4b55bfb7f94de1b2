/**
 * Startup: connect pushes once, start the shared clock, load every store, and run the client-side
 * alert checks every 30 seconds. Returns a stop function (tests).
 */
import type { DeskApi } from '../../shared/desk-api'
import { useConnectionStore } from './api/connection-store'
import { connectPushes } from './connect-pushes'
import { useAppStore } from './features/app/app-store'
import { useEntitiesStore } from './features/entities/entities-store'
import { useLogStore } from './features/log/log-store'
import { computeClientAlerts } from './features/notifications/client-alerts'
import { useToastsStore } from './features/notifications/toasts-store'
import { useSettingsStore } from './features/settings/settings-store'
import { useRunsStore } from './features/sync/runs-store'
import { useSandboxStore } from './features/sandbox/sandbox-store'
import { useTokensStore } from './features/tokens/tokens-store'
import { useTeamStore } from './features/team/team-store'
import { DEFAULT_INTAKE_WINDOW } from '../../shared/intake/intake-defaults'
import { startTicking, useNowStore } from './lib/now-store'

const ALERT_CHECK_MS = 30_000

/** Checks the client-side alerts now. */
export function checkClientAlerts(): void {
  const alerts = computeClientAlerts(
    useNowStore.getState().nowMs,
    Object.values(useTokensStore.getState().byId),
    Object.values(useEntitiesStore.getState().byId),
    useSettingsStore.getState().settings?.intakeWindow ?? DEFAULT_INTAKE_WINDOW,
  )
  for (const a of alerts) useToastsStore.getState().show(a)
}

/** Loads every store from main (at start, and again after the push stream came back). */
export async function loadAllStores(): Promise<void> {
  await Promise.all([
    useAppStore.getState().load(),
    useSettingsStore.getState().load(),
    useEntitiesStore.getState().load(),
    useTokensStore.getState().load(),
    useRunsStore.getState().load(),
    useLogStore.getState().reload(),
    useSandboxStore.getState().load(),
    useTeamStore.getState().load(),
  ])
  checkClientAlerts()
}

/** Starts the renderer's background work. */
export function startDesk(api: DeskApi): () => void {
  const disconnect = connectPushes(api)
  const stopTicking = startTicking()
  void loadAllStores()
  // Pushes sent while the stream was down are lost: reload what the page shows.
  const stopResyncing = useConnectionStore.subscribe((s, before) => {
    if (s.resyncs !== before.resyncs) void loadAllStores()
  })
  // A Sandbox that started again (a reset, from this page or another) has other entities and tokens.
  const stopFollowingSandbox = useSandboxStore.subscribe((s, before) => {
    const was = before.status.status === 'ready' ? before.status.value.startedAtMs : null
    const now = s.status.status === 'ready' ? s.status.value.startedAtMs : null
    if (was !== null && now !== was) void loadAllStores()
  })
  const alertTimer = setInterval(checkClientAlerts, ALERT_CHECK_MS)
  return () => {
    disconnect()
    stopTicking()
    stopResyncing()
    stopFollowingSandbox()
    clearInterval(alertTimer)
  }
}
