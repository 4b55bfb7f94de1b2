import type { PushMessage } from '../../shared/contract'
import type { PushBus } from '../core/ports'

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
