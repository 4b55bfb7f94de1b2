/**
 * Pushes across the instances of a team desk (issue 13 C): what one instance pushes to its
 * browsers is announced to the others as ids only (never a payload, never a secret); each
 * receiving instance re-reads what the ids name from the shared store and pushes that to its own
 * browsers. The transport is the PushRelay port (PostgreSQL LISTEN/NOTIFY:
 * adapters/storage/team/pg-push-relay.ts); a solo desk has none and its bus stays in-process.
 */
import type { PushMessage } from '../../../shared/contract'
import type { Logger } from '../../logging/logger'
import type { Clock, PushBus } from '../ports'

/** The channels that cross instances, with the ids that name what changed. */
export type RelayedPush = {
  channel: 'entity:updated' | 'entity:removed' | 'token:updated' | 'sync:run-updated' | 'log:appended'
  ids: string[]
}

/** The transport between instances. */
export interface PushRelay {
  /** Announces a local push to the other instances. */
  publish(push: RelayedPush): void
  /** Receives the other instances' announcements (never this instance's own). */
  subscribe(listener: (push: RelayedPush) => void): () => void
  close(): Promise<void>
}

/** The ids of a push that crosses instances, or null for one that stays local (settings, notices, updates). */
export function relayedPushOf(message: PushMessage): RelayedPush | null {
  switch (message.channel) {
    case 'entity:updated':
      return { channel: message.channel, ids: [message.payload.id] }
    case 'entity:removed':
      return { channel: message.channel, ids: [message.payload.entityId] }
    case 'token:updated':
      return { channel: message.channel, ids: [message.payload.id] }
    case 'sync:run-updated':
      return { channel: message.channel, ids: [message.payload.runId] }
    case 'log:appended':
      return { channel: message.channel, ids: message.payload.map((r) => String(r.seq)) }
    default:
      return null
  }
}

/** How long a re-read's own push is kept from being announced again. @default 10000 */
const ECHO_WINDOW_MS = 10_000

/**
 * Connects the local bus to the relay: local pushes go out as ids; ids that come in are handed to
 * `reread`, whose pushes on the bus are not announced again (no ping-pong between instances).
 */
export function connectPushRelay(deps: {
  bus: PushBus
  relay: PushRelay
  clock: Clock
  log: Logger
  /** Re-reads what the ids name and pushes it on the local bus. */
  reread: (push: RelayedPush) => Promise<void>
}): () => void {
  const echoes = new Map<string, number>()
  const keyOf = (channel: string, id: string): string => `${channel}\u0000${id}`
  const stopLocal = deps.bus.subscribe((message) => {
    const push = relayedPushOf(message)
    if (!push) return
    const now = deps.clock.nowMs()
    const ids = push.ids.filter((id) => {
      const until = echoes.get(keyOf(push.channel, id))
      if (until === undefined) return true
      echoes.delete(keyOf(push.channel, id))
      return until < now
    })
    if (ids.length > 0) deps.relay.publish({ channel: push.channel, ids })
  })
  const stopRemote = deps.relay.subscribe((push) => {
    const until = deps.clock.nowMs() + ECHO_WINDOW_MS
    for (const id of push.ids) echoes.set(keyOf(push.channel, id), until)
    deps.reread(push).catch((err: unknown) =>
      deps.log.warn('team: a push from another instance could not be re-read', {
        channel: push.channel,
        err,
      }),
    )
  })
  return () => {
    stopLocal()
    stopRemote()
  }
}
