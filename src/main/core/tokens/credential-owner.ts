/**
 * The credential owner: the one place through which every refresh and every exchange of an
 * entity's Concur credential goes, one at a time per entity (CredentialLock). Under the lock it
 * re-reads the stored refresh token (another path may have rotated it), runs the grant, persists
 * the new token with its generation (keychain first: the commit point), then the metadata, then
 * writes the link through to the Faces company profile, and only then hands out the access token.
 *
 * A 108/105 (invalid_grant) is re-checked once against the store before the credential is declared
 * dead: a concurrent rotation is not a dead credential. A dead credential stops all calls to
 * Concur for that entity until a new request token is exchanged, and says so (history, notify).
 * Every step is a credential-history record (never a secret).
 */
import type { DeskNotification } from '../../../shared/model'
import type { Problem } from '../../../shared/result'
import type { Logger } from '../../logging/logger'
import { abortable } from '../concur/abortable'
import type { AccessGrant, ConcurAccess } from '../concur/concur-client'
import type { ConcurOAuth, GrantResult } from '../concur/concur-oauth'
import type { HostPolicy } from '../concur/geolocation-policy'
import type { Clock } from '../ports'
import { exchangeLocked, type ExchangeInput } from './credential-exchange'
import type { CredentialLock } from './credential-lock'
import { refreshLocked } from './credential-refresh'
import type { ClaimRetries } from './write-through-claim'
import type { CredentialRepository, StoredCredential } from './credential-repository'
import type { FacesCompanyPort } from './faces-company-port'
import { setFacesPollingFlag, type PollingFlagOutcome } from './faces-polling-flag'
import {
  createFacesWriteThrough,
  type LinkTarget,
  type WriteThroughOutcome,
  type WriteThroughReason,
} from './faces-write-through'

/** The steps between "Concur answered" and "Faces acknowledged", where a test may emulate a kill. */
export type CredentialStep = 'grant-received' | 'secret-saved' | 'meta-saved' | 'faces-acked' | 'ack-saved'

/** What the owner tells its listeners (after the entity's lock is released). */
export type CredentialOwnerEvent =
  | { type: 'write-through'; entityId: string; outcome: WriteThroughOutcome }
  | { type: 'dead'; entityId: string; problem: Problem }
  | { type: 'changed'; entityId: string }

/** Dependencies of the owner. */
export type CredentialOwnerDeps = Readonly<{
  oauth: ConcurOAuth
  repo: CredentialRepository
  lock: CredentialLock
  faces: FacesCompanyPort
  entities: { get(entityId: string): Promise<LinkTarget | null> }
  clock: Clock
  log: Logger
  /** Which hosts may receive a token ('production' outside the Sandbox). */
  hostPolicy: () => HostPolicy
  notify: (notification: DeskNotification) => void
  /** How long Faces may stay behind before a notification. @default 900000 */
  notifyAfterMs?: number
  /** Backoff of the durable write-through retries. @default 2000 / 300000 */
  retryBaseMs?: number
  retryMaxMs?: number
  /** Jitter source of those retries (a wait is scaled by 0.5 + random × 0.5). @default Math.random */
  random?: () => number
  /** Test hook, awaited at each step; a test throws here to emulate a killed process. */
  checkpoint?: (step: CredentialStep, entityId: string) => void | Promise<void>
  /** A team desk's claim on an entity's write-through retries (one instance retries each). */
  claimRetries?: ClaimRetries
}>

/** What an exchange returns: metadata only (no secret) and the hand-off's outcome. */
export type ExchangeOutcome = {
  geolocation: string
  refreshExpiresAtMs: number | null
  correlationId: string
  scopes: string[]
  generation: number
  handOff: WriteThroughOutcome
}

/** The owner; it is also the Concur connector's source of access tokens. */
export interface CredentialOwner extends ConcurAccess {
  /** Exchanges a request token, persists generation n+1 and hands it to Faces (activating when asked). */
  exchange(input: ExchangeInput, signal?: AbortSignal): Promise<ExchangeOutcome>
  /** Forces a refresh grant now; returns the generation now stored. */
  refreshNow(entityId: string, signal?: AbortSignal): Promise<{ generation: number; rotated: boolean }>
  /** Writes the link through now (after an entity edit, or a hand-off retry); activates when asked. */
  handOff(
    entityId: string,
    options: { activate: boolean; reason: WriteThroughReason },
  ): Promise<WriteThroughOutcome>
  /**
   * Switches `pollingActive` on the entity's Faces Concur link (an explicit user action; nothing
   * else is sent). Throws a DeskError when Faces refuses; 'no-link' when Faces holds none yet.
   */
  setFacesPolling(entity: { id: string; name: string }, active: boolean): Promise<PollingFlagOutcome>
  /** Resumes every write-through Faces has not acknowledged yet; returns how many. */
  start(): Promise<number>
  stop(): Promise<void>
  onEvent(listener: (event: CredentialOwnerEvent) => void | Promise<void>): () => void
  /** Drops the cached access token (e.g. after the entity is archived). */
  forget(entityId: string): void
}

/** What the refresh and exchange steps (credential-refresh.ts, credential-exchange.ts) get from the owner. */
export type OwnerContext = {
  deps: CredentialOwnerDeps
  log: Logger
  step: (s: CredentialStep, entityId: string) => Promise<void>
  /** One write-through attempt under the lock; a failure starts the durable retry loop. */
  writeThroughLocked: (
    entityId: string,
    reason: WriteThroughReason,
    stored?: StoredCredential,
  ) => Promise<WriteThroughOutcome>
  cacheGrant: (entityId: string, result: GrantResult, geolocation: string) => AccessGrant
  forgetAccess: (entityId: string) => void
}

/** Refresh this long before the access token's stated expiry, so a call never carries a token that dies in flight. */
export const ACCESS_TOKEN_EARLY_REFRESH_MS = 5 * 60_000

/** Creates the credential owner. */
export function createCredentialOwner(deps: CredentialOwnerDeps): CredentialOwner {
  const log = deps.log.child('credentials')
  const cache = new Map<string, AccessGrant>()
  const listeners = new Set<(event: CredentialOwnerEvent) => void | Promise<void>>()
  const step = async (s: CredentialStep, entityId: string): Promise<void> => deps.checkpoint?.(s, entityId)

  async function emit(event: CredentialOwnerEvent): Promise<void> {
    for (const l of [...listeners])
      await Promise.resolve(l(event)).catch((err: unknown) => log.warn('event: a listener failed', { err }))
  }

  const writeThrough = createFacesWriteThrough({
    repo: deps.repo,
    faces: deps.faces,
    lock: deps.lock,
    entities: deps.entities,
    clock: deps.clock,
    log,
    notify: deps.notify,
    onOutcome: (entityId, outcome) => emit({ type: 'write-through', entityId, outcome }),
    ...(deps.notifyAfterMs === undefined ? {} : { notifyAfterMs: deps.notifyAfterMs }),
    ...(deps.retryBaseMs === undefined ? {} : { retryBaseMs: deps.retryBaseMs }),
    ...(deps.retryMaxMs === undefined ? {} : { retryMaxMs: deps.retryMaxMs }),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.checkpoint ? { checkpoint: deps.checkpoint } : {}),
    ...(deps.claimRetries ? { claimRetries: deps.claimRetries } : {}),
  })

  /** One write-through attempt under the lock; a failure starts the durable retry loop. */
  async function writeThroughLocked(
    entityId: string,
    reason: WriteThroughReason,
    stored?: StoredCredential,
  ): Promise<WriteThroughOutcome> {
    const outcome = await writeThrough.attemptLocked(entityId, reason, stored)
    if (outcome.state === 'failed' && !outcome.permanent) writeThrough.schedule(entityId)
    return outcome
  }

  function cacheGrant(entityId: string, result: GrantResult, geolocation: string): AccessGrant {
    const grant: AccessGrant = {
      accessToken: result.grant.accessToken,
      geolocation,
      expiresAtMs: deps.clock.nowMs() + result.grant.expiresInMs,
    }
    cache.set(entityId, grant)
    return grant
  }

  const ctx: OwnerContext = {
    deps,
    log,
    step,
    writeThroughLocked,
    cacheGrant,
    forgetAccess: (entityId) => cache.delete(entityId),
  }

  /** Runs `fn` under the entity's lock, then tells listeners what happened. */
  async function locked<T>(entityId: string, fn: (events: CredentialOwnerEvent[]) => Promise<T>): Promise<T> {
    const events: CredentialOwnerEvent[] = []
    try {
      return await deps.lock.withLock(entityId, () => fn(events))
    } finally {
      for (const e of events) await emit(e)
    }
  }

  return {
    async accessToken(entityId, signal) {
      const fresh = (g: AccessGrant | undefined): g is AccessGrant =>
        g !== undefined && deps.clock.nowMs() < g.expiresAtMs - ACCESS_TOKEN_EARLY_REFRESH_MS
      const hit = cache.get(entityId)
      if (fresh(hit)) return hit
      // No caller signal inside: the refresh is shared, and one caller giving up must not fail the others.
      const shared = locked(entityId, async (events) => {
        const again = cache.get(entityId)
        if (fresh(again)) return again
        cache.delete(entityId)
        return (await refreshLocked(ctx, entityId, events)).grant
      })
      return abortable(shared, signal)
    },
    invalidate(entityId, accessToken) {
      if (cache.get(entityId)?.accessToken === accessToken) cache.delete(entityId)
    },
    async exchange(input, signal) {
      return locked(input.entityId, (events) => exchangeLocked(ctx, input, events, signal))
    },
    async refreshNow(entityId, signal) {
      const run = locked(entityId, async (events) => {
        cache.delete(entityId)
        const r = await refreshLocked(ctx, entityId, events)
        return { generation: r.generation, rotated: r.rotated }
      })
      return abortable(run, signal)
    },
    async handOff(entityId, options) {
      return locked(entityId, async (events) => {
        const meta = await deps.repo.loadMeta(entityId)
        if (meta && options.activate && !meta.activationPending)
          await deps.repo.saveMeta(entityId, { ...meta, activationPending: true })
        const outcome = await writeThroughLocked(entityId, options.reason)
        events.push({ type: 'write-through', entityId, outcome })
        return outcome
      })
    },
    setFacesPolling(entity, active) {
      return setFacesPollingFlag({ repo: deps.repo, lock: deps.lock, faces: deps.faces }, entity, active)
    },
    async start() {
      return writeThrough.reconcile()
    },
    async stop() {
      await writeThrough.stop()
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    forget(entityId) {
      cache.delete(entityId)
    },
  }
}
