/**
 * The sandboxed preload: exposes exactly `window.desk` (DeskApi) and nothing else.
 *
 * A sandboxed preload cannot require npm packages and electron-vite externalizes dependencies, so
 * this file imports only `electron` and `shared/channels` at runtime (types are erased). Every
 * request crosses as one `desk:call` invoke and every push arrives as one `desk:push` message; the
 * page never sees `ipcRenderer` or an `IpcRendererEvent`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  IPC_CALL_CHANNEL,
  IPC_PUSH_CHANNEL,
  isPushChannel,
  isRequestChannel,
  type PushChannel,
} from '../shared/channels'
import type { DeskApi } from '../shared/desk-api'
import type { Result } from '../shared/result'

type Listener = (payload: unknown) => void

/** Builds the API object handed to the page (exported for tests; the page only sees the bridged copy). */
export function createPreloadDeskApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on'>): DeskApi {
  const listeners = new Map<PushChannel, Set<Listener>>()
  let isListening = false

  // One IPC listener for all pushes, registered on first subscribe, so the page cannot pile up
  // ipcRenderer listeners by subscribing in a loop.
  function relay(_event: IpcRendererEvent, message: unknown): void {
    if (typeof message !== 'object' || message === null) return
    const { channel, payload } = message as { channel?: unknown; payload?: unknown }
    if (!isPushChannel(channel)) return
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(payload)
      } catch {
        // A page listener that throws must not stop the others; the page logs its own errors.
      }
    }
  }

  async function call(channel: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isRequestChannel(channel)) {
      return {
        ok: false,
        problem: { kind: 'invalid-input', message: `Unknown request "${String(channel).slice(0, 60)}".` },
      }
    }
    try {
      return (await ipc.invoke(IPC_CALL_CHANNEL, channel, input)) as Result<unknown>
    } catch {
      return {
        ok: false,
        problem: {
          kind: 'bug',
          message: 'The desk window lost contact with the main process. Restart the app and try again.',
        },
      }
    }
  }

  function subscribe(channel: unknown, listener: Listener): () => void {
    if (!isPushChannel(channel))
      throw new TypeError(`Unknown push channel "${String(channel).slice(0, 60)}".`)
    if (typeof listener !== 'function') throw new TypeError('Expected a listener function.')
    if (!isListening) {
      ipc.on(IPC_PUSH_CHANNEL, relay)
      isListening = true
    }
    const set = listeners.get(channel) ?? new Set<Listener>()
    set.add(listener)
    listeners.set(channel, set)
    return () => {
      set.delete(listener)
    }
  }

  return Object.freeze({ call, subscribe, transport: 'electron' }) as DeskApi
}

contextBridge.exposeInMainWorld('desk', createPreloadDeskApi(ipcRenderer))
