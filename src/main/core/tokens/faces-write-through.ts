/**
 * The write-through of an entity's credential to its Faces company profile, durable: Faces must end
 * up holding the generation the desk holds. One attempt runs under the entity's lock (the owner
 * calls it right after persisting a new token); when it fails, a retry loop with backoff tries
 * again until Faces acknowledges, also after a restart (`reconcile` at session start). While Faces
 * is behind, the entity shows "Faces holds an older refresh token: retrying since …", and a
 * notification goes out once the spell lasts past one poll interval.
 *
 * The update is partial: only what differs from what Faces last acknowledged is sent (the token
 * with its generation, geolocation, Travel Config IDs); the interface and polling flags only while
 * an activation is pending (first activation or an explicit user action).
 */
import type { DeskNotification } from '../../../shared/model'
import type { Problem } from '../../../shared/result'
import type { Logger } from '../../logging/logger'
import { DeskError } from '../errors/desk-error'
import { retryCall } from '../errors/retry-call'
import { toProblem } from '../errors/to-problem'
import { isFacesError } from '../faces/faces-error'
import type { Clock } from '../ports'
import type { FacesAck } from '../settings/desk-settings'
import type { CredentialLock } from './credential-lock'
import {
  loadCredentialState,
  type CredentialRepository,
  type StoredCredential,
} from './credential-repository'
import type { ConcurLinkPatch, FacesCompanyPort } from './faces-company-port'
import { facesBehind, retryWhileClaimed, type ClaimRetries } from './write-through-claim'

/** Why a write-through runs (for the history and the log). */
export type WriteThroughReason = 'hand-off' | 'rotation' | 'retry' | 'reconcile' | 'entity-changed'

/** The result of one attempt. */
export type WriteThroughOutcome =
  | { state: 'acked'; facesGeneration: number | null; activated: boolean; sent: boolean }
  | { state: 'failed'; problem: Problem; permanent: boolean }
  | { state: 'idle' }

/** The entity facts a write-through needs. */
export type LinkTarget = { name: string; facesCompanyId: string; travelConfigIds: string[] }

/** Dependencies of the write-through. */
export type WriteThroughDeps = Readonly<{
  repo: CredentialRepository
  faces: FacesCompanyPort
  lock: CredentialLock
  entities: { get(entityId: string): Promise<LinkTarget | null> }
  clock: Clock
  log: Logger
  notify: (notification: DeskNotification) => void
  /** Told after every attempt that ran in the background (retries, reconcile). */
  onOutcome: (entityId: string, outcome: WriteThroughOutcome) => Promise<void>
  /** How long Faces may stay behind before a notification. @default 900000 (one poll interval) */
  notifyAfterMs?: number
  /** @default 2000 */
  retryBaseMs?: number
  /** @default 300000 */
  retryMaxMs?: number
  /** Jitter source of the retries. @default Math.random */
  random?: () => number
  /** Test hook: awaited at each step (a test throws here to emulate a killed process). */
  checkpoint?: (step: 'faces-acked' | 'ack-saved', entityId: string) => void | Promise<void>
  /** A team desk's claim on an entity's retries (write-through-claim.ts): one instance retries it. */
  claimRetries?: ClaimRetries
  /** How often an instance without the claim asks again. @default 30000 */
  claimWaitMs?: number
}>

/** The write-through service. */
export interface WriteThrough {
  /** One attempt; the caller holds the entity's lock. Faces failures become an outcome, never a throw. */
  attemptLocked(
    entityId: string,
    reason: WriteThroughReason,
    stored?: StoredCredential,
  ): Promise<WriteThroughOutcome>
  /** Starts the durable retry loop of an entity (no-op while one runs). */
  schedule(entityId: string, options?: { immediate?: boolean }): void
  /** Schedules every entity whose Faces link is behind the desk (session start). */
  reconcile(): Promise<number>
  /** Stops the retry loops and waits for them. */
  stop(): Promise<void>
}

/** Creates the write-through. */
export function createFacesWriteThrough(deps: WriteThroughDeps): WriteThrough {
  const log = deps.log.child('write-through')
  const notifyAfterMs = deps.notifyAfterMs ?? 15 * 60_000
  const retryBaseMs = deps.retryBaseMs ?? 2_000
  const retryMaxMs = deps.retryMaxMs ?? 300_000
  const loops = new Map<string, Promise<void>>()
  let lifecycle = new AbortController()

  function patchFor(
    secret: { refreshToken: string; generation: number; geolocation: string },
    acked: FacesAck,
    target: LinkTarget,
    activate: boolean,
  ): ConcurLinkPatch {
    const sameCompany = acked.companyId === target.facesCompanyId
    const patch: ConcurLinkPatch = {}
    if (!sameCompany || acked.generation === null || acked.generation < secret.generation) {
      patch.refreshToken = secret.refreshToken
      patch.refreshTokenGeneration = secret.generation
    }
    if (!sameCompany || acked.geolocation !== secret.geolocation) patch.geolocation = secret.geolocation
    if (!sameCompany || !sameIds(acked.travelConfigIds, target.travelConfigIds))
      patch.travelConfigIds = [...target.travelConfigIds]
    if (activate) {
      patch.interfaceActive = true
      patch.pollingActive = true
    }
    return patch
  }

  async function attemptLocked(
    entityId: string,
    reason: WriteThroughReason,
    stored?: StoredCredential,
  ): Promise<WriteThroughOutcome> {
    const now = deps.clock.nowMs()
    // The caller that just saved the secret passes it in: one keychain read less per rotation.
    const storedMeta = stored ? await deps.repo.loadMeta(entityId) : null
    const state =
      stored && storedMeta && storedMeta.generation === stored.generation
        ? { secret: stored, meta: storedMeta }
        : await loadCredentialState(deps.repo, entityId, now)
    if (!state || state.meta.dead) return { state: 'idle' }
    const { secret } = state
    let meta = state.meta
    const history = (
      event: 'write-through-attempt' | 'write-through-ack' | 'write-through-failure' | 'hand-off',
      outcome: 'success' | 'failed' | 'info',
      message: string,
      extra: { facesGeneration?: number | null; error?: string; correlationId?: string } = {},
    ) =>
      deps.repo.appendHistory({ entityId, event, outcome, generation: secret.generation, message, ...extra })
    const target = await deps.entities.get(entityId)
    if (!target?.facesCompanyId) {
      const problem: Problem = {
        kind: 'invalid-input',
        message: `"${target?.name ?? entityId}" has no Faces company yet. Edit the entity to set its Faces company; the desk then hands the refresh token over.`,
      }
      await deps.repo.saveMeta(entityId, {
        ...meta,
        pendingSinceMs: meta.pendingSinceMs ?? now,
        pendingProblem: problem,
        pendingNeedsPerson: true,
      })
      await history('write-through-failure', 'failed', 'Not written through: no Faces company', {
        error: problem.message,
      })
      return { state: 'failed', problem, permanent: true }
    }
    const patch = patchFor(secret, meta.faces, target, meta.activationPending)
    if (Object.keys(patch).length === 0) {
      if (meta.pendingSinceMs !== null || meta.pendingProblem !== null)
        await deps.repo.saveMeta(entityId, {
          ...meta,
          pendingSinceMs: null,
          pendingProblem: null,
          pendingNeedsPerson: false,
          pendingNotifiedAtMs: null,
        })
      return { state: 'acked', facesGeneration: meta.faces.generation, activated: false, sent: false }
    }
    const sends = Object.keys(patch).join(', ')
    await history(
      'write-through-attempt',
      'info',
      `Writing the Concur link to Faces company ${target.facesCompanyId} (${reason}: ${sends})`,
      {
        facesGeneration: meta.faces.generation,
      },
    )
    let ack
    try {
      ack = await deps.faces.updateConcurLink(target.facesCompanyId, patch, { maxAttempts: 1 })
    } catch (err) {
      const problem = toProblem(classified(err, secret.generation))
      // Not retryable: a person must act (a Faces company, key or owner to fix); the next edit or
      // session start tries again. Retryable (network, 429, 5xx): the loop below keeps trying.
      const permanent = !(err instanceof DeskError && err.retryable)
      meta = {
        ...meta,
        pendingSinceMs: meta.pendingSinceMs ?? now,
        pendingProblem: problem,
        pendingNeedsPerson: permanent,
      }
      if (meta.pendingNotifiedAtMs === null && now - meta.pendingSinceMs! >= notifyAfterMs) {
        meta.pendingNotifiedAtMs = now
        deps.notify({
          id: `faces-behind-${entityId}-${now}`,
          level: 'warning',
          title: `Faces holds an older refresh token for ${target.name}`,
          body: `The desk has generation ${secret.generation}; Faces confirmed ${meta.faces.generation ?? 'none'}. ${problem.message} The desk keeps retrying.`,
          entityId,
          atMs: now,
        })
      }
      await deps.repo.saveMeta(entityId, meta)
      await history('write-through-failure', 'failed', `Faces did not take the Concur link (${reason})`, {
        facesGeneration: meta.faces.generation,
        error: problem.message,
      })
      log.warn('attempt: Faces did not take the Concur link', {
        entity: entityId,
        kind: problem.kind,
        reason,
      })
      return { state: 'failed', problem, permanent }
    }
    await deps.checkpoint?.('faces-acked', entityId)
    const activated = patch.interfaceActive === true
    const facesGeneration =
      ack.refreshTokenGeneration ?? patch.refreshTokenGeneration ?? meta.faces.generation
    meta = {
      ...meta,
      faces: {
        companyId: target.facesCompanyId,
        generation: facesGeneration,
        geolocation: secret.geolocation,
        travelConfigIds: [...target.travelConfigIds],
        ackedAtMs: deps.clock.nowMs(),
      },
      handedToFacesAtMs: meta.handedToFacesAtMs ?? deps.clock.nowMs(),
      activationPending: false,
      pendingSinceMs: null,
      pendingProblem: null,
      pendingNeedsPerson: false,
      pendingNotifiedAtMs: null,
    }
    await deps.repo.saveMeta(entityId, meta)
    await deps.checkpoint?.('ack-saved', entityId)
    await history(
      reason === 'hand-off' ? 'hand-off' : 'write-through-ack',
      'success',
      reason === 'hand-off'
        ? `Handed the refresh token to Faces company ${target.facesCompanyId}${activated ? '; interface and polling switched on' : ''}`
        : `Faces acknowledged generation ${facesGeneration ?? '-'}${activated ? '; interface and polling switched on' : ''}`,
      { facesGeneration },
    )
    return { state: 'acked', facesGeneration, activated, sent: true }
  }

  /** Retries (core/errors/retry-call.ts, backoff on the clock) until Faces acknowledges or a person must act. */
  async function loop(entityId: string, immediate: boolean): Promise<void> {
    const claim = deps.claimRetries
    if (!claim) return retryLoop(entityId, immediate, lifecycle.signal)
    await retryWhileClaimed({
      entityId,
      claim,
      stillBehind: async () => {
        const meta = await deps.repo.loadMeta(entityId)
        return facesBehind(meta) && !meta?.pendingNeedsPerson
      },
      clock: deps.clock,
      waitMs: deps.claimWaitMs ?? 30_000,
      signal: lifecycle.signal,
      log,
      retry: (signal, taken) => retryLoop(entityId, immediate || taken, signal),
    })
  }

  async function retryLoop(entityId: string, immediate: boolean, signal: AbortSignal): Promise<void> {
    let first = true
    const attempt = async (): Promise<void> => {
      const reason = first && immediate ? 'reconcile' : 'retry'
      first = false
      const outcome = await deps.lock
        .withLock(entityId, () => attemptLocked(entityId, reason))
        .catch((err: unknown): WriteThroughOutcome => {
          log.error('retry: the attempt failed inside the desk', { entity: entityId, err })
          return { state: 'failed', problem: toProblem(err), permanent: false }
        })
      if (signal.aborted) return
      await deps
        .onOutcome(entityId, outcome)
        .catch((err: unknown) => log.warn('retry: listener failed', { err }))
      if (outcome.state === 'failed' && !outcome.permanent)
        throw new DeskError(outcome.problem.kind, outcome.problem.message, { retryable: true })
    }
    try {
      // The caller has just made one attempt under its lock: the first retry waits retryBaseMs,
      // then 2×, 4×, … up to retryMaxMs.
      if (!immediate) await deps.clock.wait(retryBaseMs, signal)
      await retryCall(
        attempt,
        {
          maxAttempts: Number.POSITIVE_INFINITY,
          baseMs: 2 * retryBaseMs,
          maxMs: retryMaxMs,
          ...(deps.random ? { random: deps.random } : {}),
        },
        {
          clock: deps.clock,
          signal,
          cancelled: (cause) => new DeskError('cancelled', 'The write-through retries stopped.', { cause }),
        },
      )
    } catch {
      // Stopped, or a failure only a person can fix: the outcome is already recorded and shown.
    }
  }

  function schedule(entityId: string, options: { immediate?: boolean } = {}): void {
    if (loops.has(entityId) || lifecycle.signal.aborted) return
    const run = loop(entityId, options.immediate ?? false).finally(() => loops.delete(entityId))
    loops.set(entityId, run)
  }

  return {
    attemptLocked,
    schedule,
    async reconcile() {
      let scheduled = 0
      for (const { entityId, meta } of await deps.repo.listMeta()) {
        if (meta.dead) continue
        const behind = facesBehind(meta)
        // The keychain may be ahead of the metadata (a kill between the two writes): the attempt repairs and checks.
        const secret = await deps.repo.loadSecret(entityId).catch(() => null)
        if (!behind && (!secret || secret.generation <= meta.generation)) continue
        scheduled++
        schedule(entityId, { immediate: true })
      }
      return scheduled
    },
    async stop() {
      lifecycle.abort()
      await Promise.allSettled([...loops.values()])
      lifecycle = new AbortController()
    },
  }
}

function sameIds(a: readonly string[] | null, b: readonly string[]): boolean {
  if (a === null || a.length !== b.length) return false
  const set = new Set(a)
  return b.every((x) => set.has(x))
}

/**
 * Faces' stale-generation refusal, said in the desk's terms (which generation each side holds);
 * every other failure is already classified.
 */
function classified(err: unknown, generation: number): unknown {
  if (!isFacesError(err, 'conflict', 'stale-generation')) return err
  const held = err.body?.['heldGeneration']
  return new DeskError(
    'conflict',
    `Faces holds a newer refresh token (generation ${typeof held === 'number' ? held : '?'}) than this desk (generation ${generation}): another desk may own this entity's credential. Check which desk holds it before exchanging a new token.`,
    { cause: err },
  )
}
