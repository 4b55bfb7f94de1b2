/**
 * When a session pushes an entity's view again: when one of its runs ends (the entity list shows
 * its last and next poll), and on a team desk when another instance announces an entity's change
 * (re-read here and pushed to this instance's browsers).
 */
import type { PushBus } from '../core/ports'
import type { TokenDesk } from '../core/tokens/token-desk'
import type { Logger } from '../logging/logger'
import type { TeamInstanceParts } from './team-instance'

/** Relays run ends (and a team's entity announcements) to entity views; returns the stop of the run relay. */
export function relayEntityViews(deps: {
  bus: PushBus
  tokenDesk: Pick<TokenDesk, 'emitEntity'>
  team: Pick<TeamInstanceParts, 'connectBus'> | null
  log: Logger
}): () => void {
  const { bus, tokenDesk, log } = deps
  // The entity list shows each entity's last and next poll: refresh its view when a run ends.
  const stopRelayingRuns = bus.subscribe((message) => {
    if (message.channel !== 'sync:run-updated') return
    const run = message.payload
    if (run.state === 'done' || run.state === 'failed' || run.state === 'cancelled') {
      tokenDesk
        .emitEntity(run.entityId)
        .catch((err: unknown) => log.warn('entity: view refresh failed', { err }))
    }
  })
  // Another instance's entity changes reach this instance's browsers: re-read and pushed here.
  deps.team?.connectBus(async (push) => {
    if (push.channel === 'entity:updated') for (const id of push.ids) await tokenDesk.emitEntity(id)
    else if (push.channel === 'entity:removed')
      for (const entityId of push.ids) bus.emit('entity:removed', { entityId })
  })
  return stopRelayingRuns
}
