/** What the preload exposes to the renderer: `window.desk`, the Electron transport of DeskApi. */
import type { DeskApi } from '../shared/desk-api'

declare global {
  interface Window {
    /** Exposed by the preload under Electron; absent in a plain browser (service mode). */
    desk?: DeskApi
  }
}

export {}
