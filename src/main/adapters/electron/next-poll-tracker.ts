/** Keeps the earliest upcoming poll across entities, fed by pushes, for the tray. */
import type { PushMessage } from '../../../shared/contract'
import type { EntityView } from '../../../shared/model'

/** Tracks `nextPollAtMs` per entity. */
export interface NextPollTracker {
  /** Replaces everything with a full entity list (startup). */
  seed(entities: readonly EntityView[]): void
  /** Applies one push; returns true when the earliest poll time may have changed. */
  apply(message: PushMessage): boolean
  /** Earliest next poll among active, non-archived entities, or null. */
  next(): number | null
}

/** Creates an empty tracker. */
export function createNextPollTracker(): NextPollTracker {
  const byEntity = new Map<string, number>()

  function put(entity: EntityView): void {
    const at = entity.polling.nextPollAtMs
    if (!entity.archived && entity.polling.active && at !== null) byEntity.set(entity.id, at)
    else byEntity.delete(entity.id)
  }

  return {
    seed(entities) {
      byEntity.clear()
      for (const e of entities) put(e)
    },
    apply(message) {
      if (message.channel === 'entity:updated') {
        put(message.payload)
        return true
      }
      if (message.channel === 'entity:removed') return byEntity.delete(message.payload.entityId)
      return false
    },
    next() {
      let earliest: number | null = null
      for (const at of byEntity.values()) if (earliest === null || at < earliest) earliest = at
      return earliest
    },
  }
}
