/**
 * The only module that decides how the renderer reaches the main process: the preload's
 * `window.desk` under Electron, HTTP + SSE in service mode. Components and stores import `deskApi`
 * from here; tests swap it with `setDeskApiForTests`.
 */
import type { DeskApi } from '../../../shared/desk-api'
import { useConnectionStore } from './connection-store'
import { createHttpTransport } from './http-transport'

declare global {
  interface Window {
    /** Exposed by the preload under Electron; absent in a plain browser (service mode). */
    desk?: DeskApi
  }
}

let current: DeskApi | null = null

/** The desk API for this page (picked once). */
export function getDeskApi(): DeskApi {
  if (!current)
    current = typeof window !== 'undefined' && window.desk ? window.desk : createServiceTransport()
  return current
}

/** Service mode: HTTP + SSE, reporting its connection to the banner and asking for a resync. */
function createServiceTransport(): DeskApi {
  return createHttpTransport({
    onConnectionChange: (state) => useConnectionStore.getState().setState(state),
    onResync: () => useConnectionStore.getState().resynced(),
  })
}

/** Replaces the API (unit tests with a fake). */
export function setDeskApiForTests(api: DeskApi | null): void {
  current = api
}
