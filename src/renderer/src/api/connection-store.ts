/**
 * The state of the page's link to main, for the connection banner: always `live` under Electron
 * (IPC does not drop); in service mode the HTTP transport reports its push stream here, and bumps
 * `resyncs` when the stream came back after a failure (the page then reloads its stores).
 */
import { create } from 'zustand'
import type { ConnectionState } from './http-transport'

type ConnectionStore = {
  state: ConnectionState
  /** How many times the stream came back after a failure (start-desk reloads on each). */
  resyncs: number
  setState: (state: ConnectionState) => void
  resynced: () => void
}

/** The connection state and resync counter. */
export const useConnectionStore = create<ConnectionStore>((set) => ({
  state: 'live',
  resyncs: 0,
  setState: (state) => set({ state }),
  resynced: () => set((s) => ({ resyncs: s.resyncs + 1 })),
}))
