import type { PushChannel } from '../../shared/channels'
import type { PushMessage, PushPayloads } from '../../shared/contract'

/** Fan-out of pushes from the services to every connected UI (IPC window, SSE clients). */
export interface PushBus {
  emit<P extends PushChannel>(channel: P, payload: PushPayloads[P]): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: PushMessage) => void): () => void
}

/** Creates a push bus; a throwing listener never stops the others. */
export function createPushBus(onListenerError: (err: unknown) => void = () => {}): PushBus {
  const listeners = new Set<(message: PushMessage) => void>()
  return {
    emit(channel, payload) {
      const message = { channel, payload } as PushMessage
      for (const l of [...listeners]) {
        try {
          l(message)
        } catch (err) {
          onListenerError(err)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
