/**
 * The hand-off of an entity's credential to its Faces company, as the onboarding checklist sees it.
 * The credential owner does the writing (partial update, generations, durable retries); this module
 * decides when the interface and polling are switched on (the first activation only: a renewal
 * never touches them) and records each outcome on the token it came from and on the entity's
 * checklist, whether the write-through happened during the exchange or in a later retry.
 */
import type { Logger } from '../../logging/logger'
import type { PollControl } from '../entities/entity-ports'
import type { EntityRecord } from '../entities/entity-record'
import type { EntityStore } from '../entities/entity-store'
import type { Clock } from '../ports'
import type { CredentialMeta } from '../settings/desk-settings'
import type { CredentialOwner } from './credential-owner'
import type { WriteThroughOutcome } from './faces-write-through'
import type { TokenBook } from './token-book'

/** Dependencies of the hand-off. */
export type HandOffDeps = Readonly<{
  entities: EntityStore
  owner: Pick<CredentialOwner, 'handOff'>
  book: TokenBook
  clock: Clock
  log: Logger
  pollControl?: PollControl
  emitEntity: (entityId: string) => Promise<void>
  /** The entity's credential metadata now (a durable retry may have finished since an outcome was reported). */
  readMeta: (entityId: string) => Promise<CredentialMeta | null>
}>

/** The hand-off service. */
export interface HandOff {
  /** True while the entity was never switched on: its next hand-off activates interface and polling. */
  isFirstActivation(entity: EntityRecord): boolean
  /** Hands the stored credential to Faces now (a retry, or after an entity edit). */
  retry(tokenId: string | null, entityId: string): Promise<WriteThroughOutcome>
  /** Records an outcome on the token and the entity (idempotent). */
  apply(tokenId: string | null, entityId: string, outcome: WriteThroughOutcome): Promise<void>
}

/** Creates the hand-off. */
export function createHandOff(deps: HandOffDeps): HandOff {
  const log = deps.log.child('hand-off')

  function isFirstActivation(entity: EntityRecord): boolean {
    return entity.checklist['interface-and-polling-active'] === null
  }

  async function apply(
    tokenId: string | null,
    entityId: string,
    reported: WriteThroughOutcome,
  ): Promise<void> {
    if (reported.state === 'idle') return
    // A failure reported late (after a retry already got through) must not undo the acknowledgement.
    const meta = await deps.readMeta(entityId)
    const inStep =
      meta !== null &&
      meta.pendingSinceMs === null &&
      !meta.activationPending &&
      meta.faces.generation !== null &&
      meta.faces.generation >= meta.generation
    const outcome: WriteThroughOutcome =
      reported.state === 'failed' && inStep
        ? { state: 'acked', facesGeneration: meta.faces.generation, activated: false, sent: false }
        : reported
    const now = deps.clock.nowMs()
    if (tokenId) {
      const known = (await deps.book.loaded()).tokens.some((t) => t.id === tokenId)
      if (known)
        await deps.book.update(tokenId, (t) => {
          t.handOff =
            outcome.state === 'acked'
              ? { doneAtMs: t.handOff?.doneAtMs ?? now, attemptedAtMs: now, problem: null }
              : { doneAtMs: null, attemptedAtMs: now, problem: outcome.problem }
        })
    }
    if (outcome.state === 'acked') {
      let activatedNow = false
      await deps.entities.patch(entityId, (e) => {
        e.checklist['refresh-token-set-in-faces'] ??= now
        if (outcome.activated && e.checklist['interface-and-polling-active'] === null) {
          e.checklist['interface-and-polling-active'] = now
          e.pollingActive = true
          activatedNow = true
        }
      })
      if (activatedNow) await deps.pollControl?.setPollingActive(entityId, true)
      log.info('hand-off: Faces holds the credential', { entity: entityId, activated: activatedNow })
    } else {
      log.warn('hand-off: Faces did not take the Concur link', {
        entity: entityId,
        kind: outcome.problem.kind,
      })
    }
    await deps.emitEntity(entityId)
  }

  return {
    isFirstActivation,
    apply,
    async retry(tokenId, entityId) {
      const entity = await deps.entities.get(entityId)
      const outcome = await deps.owner.handOff(entityId, {
        activate: isFirstActivation(entity),
        reason: 'hand-off',
      })
      await apply(tokenId, entityId, outcome)
      return outcome
    },
  }
}
