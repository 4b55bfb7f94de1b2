/**
 * On a team desk with several instances on one PostgreSQL, an entity's durable write-through
 * retries run on one instance at a time: the one holding the entity's retry claim (a lease in the
 * database, renewed while it retries). Every other instance that would retry it (at its start, or
 * after its own attempt failed) waits and asks again, so a holder that dies is taken over once its
 * claim expires; a waiter ends as soon as Faces is no longer behind (the holder got the ack). A
 * solo desk passes no claim and retries as before.
 */
import type { Logger } from '../../logging/logger'
import type { Clock } from '../ports'
import type { SharedWork } from '../team/shared-work'
import type { CredentialMeta } from '../settings/desk-settings'

/** A held retry claim: `signal` aborts when it is lost; `giveUp` frees it for another instance. */
export type RetryClaim = { readonly signal: AbortSignal; giveUp(): Promise<void> }

/** Claims an entity's write-through retries; null while another instance holds them. */
export type ClaimRetries = (entityId: string) => Promise<RetryClaim | null>

/** The lease name of an entity's write-through retries. */
export const writeThroughLeaseName = (entityId: string): string => `write-through:${entityId}`

/** The retry claims of a team desk's instance, over its shared work's leases. */
export const claimRetriesOn =
  (work: Pick<SharedWork, 'claimExclusive'>): ClaimRetries =>
  (entityId) =>
    work.claimExclusive(writeThroughLeaseName(entityId))

/** Whether Faces is behind what the desk holds for an entity (its write-through is not done). */
export function facesBehind(meta: CredentialMeta | null): boolean {
  if (!meta || meta.dead) return false
  return (
    meta.faces.generation === null ||
    meta.faces.generation < meta.generation ||
    meta.pendingSinceMs !== null ||
    meta.activationPending
  )
}

/**
 * Runs `retry` while this instance holds the entity's claim; while another holds it, waits
 * `waitMs` and asks again until `stillBehind` says the work is done or `signal` aborts. `retry`
 * gets `taken` true when it starts after waiting (the first attempt then runs at once).
 */
export async function retryWhileClaimed(o: {
  entityId: string
  claim: ClaimRetries
  stillBehind: () => Promise<boolean>
  clock: Clock
  waitMs: number
  signal: AbortSignal
  log: Logger
  retry: (signal: AbortSignal, taken: boolean) => Promise<void>
}): Promise<void> {
  let waited = false
  while (!o.signal.aborted) {
    const held = await o.claim(o.entityId).catch((err: unknown) => {
      o.log.warn('retry: the claim could not be asked for', { entity: o.entityId, err })
      return null
    })
    if (held) {
      try {
        await o.retry(AbortSignal.any([o.signal, held.signal]), waited)
      } finally {
        await held.giveUp()
      }
      // Lost to another instance (it stopped renewing in time): wait for that one instead.
      if (!held.signal.aborted) return
    }
    waited = true
    await o.clock.wait(o.waitMs, o.signal).catch(() => {})
    if (o.signal.aborted) return
    if (!(await o.stillBehind().catch(() => true))) return
  }
}
