/**
 * The token desk: intake of pasted request tokens, their validity, the exchange with Concur and the
 * hand-off of the resulting refresh token to Faces.
 *
 * Where secrets live: a pending request token only in the keychain (`request-token:${tokenId}`),
 * erased once exchanged, discarded or expired; the refresh token only in the keychain (written by
 * the credential owner). The token rows hold metadata, a masked preview and a hash for duplicate
 * detection, never a token.
 *
 * Token states: pending → exchanging → exchanged, or failed (retryable while valid), or expired
 * (by the clock, checked on every read and by the periodic sweep). Exchanges of one token are
 * single-flight; the exchange itself (and its hand-off to Faces) runs in the credential owner. A
 * failed hand-off is recorded on the token; the owner retries it durably, and Exchange retries it now.
 */
import type {
  EntityView,
  EnvironmentKind,
  ParsedTokenBlock,
  TokenView,
  CredentialView,
} from '../../../shared/model'
import type { Problem } from '../../../shared/result'
import { intakeWindowPhrase } from '../../../shared/intake/intake-defaults'
import type { PushPayloads } from '../../../shared/contract'
import type { Logger } from '../../logging/logger'
import { secretRegistry } from '../../logging/redact'
import { DeskError } from '../errors/desk-error'
import { exchangeProblemAfter } from '../concur/unanswered-grant'
import { noPollStatus, type PollControl, type PollStatusProvider } from '../entities/entity-ports'
import type { EntityRecord } from '../entities/entity-record'
import type { EntityStore } from '../entities/entity-store'
import { toEntityView } from '../entities/entity-view'
import type { Clock, SecretStore, SettingsStore } from '../ports'
import type { DeskSettings } from '../settings/desk-settings'
import type { CredentialOwner } from './credential-owner'
import type { CredentialRepository } from './credential-repository'
import { credentialViewOf } from './credential-view'
import { createHandOff } from './hand-off'
import { createTokenBook } from './token-book'
import { createTokenIntake, type TokenSubmission } from './token-intake'
import type { TokenRecord } from './token-record'
import type { TokenRepository } from './token-repository'

/** Dependencies of the token desk. */
export type TokenDeskDeps = Readonly<{
  clock: Clock
  log: Logger
  secrets: SecretStore
  settings: SettingsStore<DeskSettings>
  environment: EnvironmentKind
  entities: EntityStore
  /** The request-token metadata rows (the store's request_tokens). */
  tokens: TokenRepository
  /** Where the credential metadata is read (the owner writes it). */
  credentials: Pick<CredentialRepository, 'loadMeta'>
  /** The credential owner: runs the exchange and the hand-off (write-through) to Faces. */
  owner: Pick<CredentialOwner, 'exchange' | 'handOff' | 'onEvent'>
  /** The push bus (only 'token:updated' and 'entity:updated' are sent). */
  bus: { emit<P extends 'token:updated' | 'entity:updated'>(channel: P, payload: PushPayloads[P]): void }
  pollStatus?: PollStatusProvider
  pollControl?: PollControl
  /** New token ids; crypto.randomUUID by default. */
  newId?: () => string
  /** When a pasted request token reached the desk, if known (the Sandbox's replies); see token-intake.ts. */
  receivedAt?: (requestToken: string) => number | null
  /** How often the background sweep marks expired tokens. @default 60000 */
  sweepIntervalMs?: number
}>

export type { TokenSubmission } from './token-intake'

/** What a submit took in (with each token's state after its exchange, when it ran), turned away and left alone. */
export type SubmitResult = {
  accepted: TokenView[]
  rejected: ParsedTokenBlock[]
  /** Tokens the desk already had (or that the paste repeats): nothing to fix, nothing done. */
  skipped: ParsedTokenBlock[]
  createdEntities: EntityView[]
}

/** The token desk service. */
export interface TokenDesk {
  /** Parses pasted text and matches it against entities and earlier tokens; stores nothing. */
  preview(text: string): Promise<ParsedTokenBlock[]>
  /** Takes the chosen valid blocks in, optionally creating entities and exchanging right away. */
  submit(input: TokenSubmission): Promise<SubmitResult>
  /** Tokens still to act on (pending, exchanging, failed, or exchanged with a failed hand-off); all with includeFinished. */
  list(filter?: { includeFinished?: boolean }): Promise<TokenView[]>
  /** The entity of a token the desk holds (not discarded), or null: one lookup, nothing swept. */
  entityOf(tokenId: string): Promise<string | null>
  /**
   * Exchanges a pending or failed token (or retries the hand-off of an exchanged one). Returns the
   * token view in every outcome; a failure is in `problem` with state 'failed' or 'expired'.
   */
  exchange(tokenId: string): Promise<TokenView>
  /** Drops a token that is not being exchanged; its request token leaves the keychain. */
  discard(tokenId: string): Promise<TokenView>
  /**
   * Hands the stored refresh token to Faces again (after the entity's Faces company or Travel
   * Config IDs changed). A failure is recorded on the token it was exchanged from, retryable there.
   */
  handOffAgain(entityId: string): Promise<void>
  /** Marks pending/failed tokens past their expiry as expired; returns how many changed. */
  sweepExpired(): Promise<number>
  /** The UI view of an entity (credential and polling included). */
  entityView(record: EntityRecord): Promise<EntityView>
  /** Pushes 'entity:updated' for one entity. */
  emitEntity(entityId: string): Promise<void>
  /** Starts the periodic expiry sweep. */
  start(reason: string): void
  stop(reason: string): void
}

const DEFAULT_SWEEP_INTERVAL_MS = 60_000

/** Creates the token desk. */
export function createTokenDesk(deps: TokenDeskDeps): TokenDesk {
  const log = deps.log.child('tokens')
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID())
  const pollStatus = deps.pollStatus ?? noPollStatus
  const inflight = new Map<string, Promise<TokenView>>()
  const book = createTokenBook({ tokens: deps.tokens, bus: deps.bus })
  const { loaded } = book
  const findIn = book.find
  const updateToken = book.update
  const toTokenView = book.view
  let sweepAbort: AbortController | null = null
  const handOff = createHandOff({
    entities: deps.entities,
    owner: deps.owner,
    book,
    clock: deps.clock,
    log: deps.log,
    ...(deps.pollControl ? { pollControl: deps.pollControl } : {}),
    emitEntity,
    readMeta: (entityId) => deps.credentials.loadMeta(entityId),
  })
  // Write-throughs that finish later (durable retries, reconcile) land on the token and checklist too.
  deps.owner.onEvent(async (event) => {
    if (event.type === 'write-through') {
      const meta = await deps.credentials.loadMeta(event.entityId)
      await handOff.apply(meta?.exchangedFromTokenId ?? null, event.entityId, event.outcome)
    } else await emitEntity(event.entityId)
  })

  function expiryProblem(t: TokenRecord): Problem {
    return {
      kind: 'token-rejected',
      message: `The request token for Entity/Outtask ID ${t.outtaskId} expired before it was exchanged. Ask the customer for a new one (${intakeWindowPhrase(deps.settings.read().intakeWindow)}).`,
    }
  }

  async function expire(t: TokenRecord): Promise<TokenRecord> {
    await deps.secrets.remove(`request-token:${t.id}`).catch((err: unknown) => {
      log.warn('expire: could not erase the request token from the keychain', { token: t.id, err })
    })
    log.info('expire: request token expired unexchanged', { token: t.id, entity: t.entityId })
    return updateToken(t.id, (x) => {
      x.state = 'expired'
      x.problem = expiryProblem(x)
    })
  }

  async function sweepExpired(): Promise<number> {
    const now = deps.clock.nowMs()
    const due = (await loaded()).tokens.filter(
      (t) => (t.state === 'pending' || t.state === 'failed') && t.expiresAtMs <= now && !inflight.has(t.id),
    )
    for (const t of due) await expire(t)
    for (const entityId of new Set(due.map((t) => t.entityId))) await emitEntity(entityId)
    return due.length
  }

  async function credentialOf(entityId: string): Promise<CredentialView> {
    const meta = await deps.credentials.loadMeta(entityId)
    const waiting = (await loaded()).tokens
      .filter(
        (t) =>
          t.entityId === entityId &&
          t.discardedAtMs === null &&
          (t.state === 'pending' || t.state === 'exchanging' || t.state === 'failed'),
      )
      .sort((a, b) => b.receivedAtMs - a.receivedAtMs)[0]
    return credentialViewOf(meta, waiting ? toTokenView(waiting) : null, deps.clock.nowMs())
  }

  async function entityView(record: EntityRecord): Promise<EntityView> {
    return toEntityView(record, await credentialOf(record.id), pollStatus.statusOf(record.id))
  }

  async function emitEntity(entityId: string): Promise<void> {
    try {
      deps.bus.emit('entity:updated', await entityView(await deps.entities.get(entityId)))
    } catch (err) {
      log.warn('push: could not build the entity view', { entity: entityId, err })
    }
  }

  async function exchangeOnce(tokenId: string): Promise<TokenView> {
    await sweepExpired()
    let rec = findIn(await loaded(), tokenId)
    // The sweep skips tokens being exchanged (this one included), so check this token's expiry here.
    if ((rec.state === 'pending' || rec.state === 'failed') && deps.clock.nowMs() >= rec.expiresAtMs) {
      rec = await expire(rec)
      await emitEntity(rec.entityId)
    }
    if (rec.discardedAtMs !== null)
      throw new DeskError('conflict', 'This token was discarded. Paste it again to take it back in.')
    if (rec.state === 'exchanged') {
      if (rec.handOff?.doneAtMs == null) await handOff.retry(rec.id, rec.entityId)
      return toTokenView(findIn(await loaded(), tokenId))
    }
    if (rec.state === 'expired') return toTokenView(rec)

    const requestToken = await deps.secrets.read(`request-token:${tokenId}`)
    if (!requestToken) {
      const r = await updateToken(tokenId, (t) => {
        t.state = 'failed'
        t.problem = {
          kind: 'not-found',
          message:
            'The request token is no longer in the keychain. Paste the Concur text again to take it back in.',
        }
      })
      return toTokenView(r)
    }
    secretRegistry.register(requestToken)
    const previousProblem = rec.problem
    await updateToken(tokenId, (t) => {
      t.state = 'exchanging'
      t.problem = null
    })
    await emitEntity(rec.entityId)
    log.info('exchange: exchanging request token', { token: tokenId, entity: rec.entityId })
    const entity = await deps.entities.get(rec.entityId)
    let outcome
    try {
      outcome = await deps.owner.exchange({
        entityId: rec.entityId,
        companyUuid: rec.companyUuid,
        requestToken,
        tokenId,
        // A renewal (or recovery) of a live entity never switches the interface or polling.
        activate: handOff.isFirstActivation(entity),
      })
    } catch (err) {
      const problem = exchangeProblemAfter(previousProblem, err)
      log.warn('exchange: failed', { token: tokenId, entity: rec.entityId, kind: problem.kind, err })
      const failed = await updateToken(tokenId, (t) => {
        t.state = deps.clock.nowMs() >= t.expiresAtMs ? 'expired' : 'failed'
        t.problem = problem
      })
      await emitEntity(rec.entityId)
      return toTokenView(failed)
    }
    const now = deps.clock.nowMs()
    await deps.secrets.remove(`request-token:${tokenId}`).catch((err: unknown) => {
      log.warn('exchange: could not erase the used request token from the keychain', { token: tokenId, err })
    })
    await updateToken(tokenId, (t) => {
      t.state = 'exchanged'
      t.exchangedAtMs = now
      t.problem = null
    })
    await deps.entities.patch(rec.entityId, (e) => {
      e.geolocation = outcome.geolocation
      e.checklist['exchanged'] = now
      if (outcome.handOff.state !== 'acked') e.checklist['refresh-token-set-in-faces'] = null
    })
    log.info('exchange: done', { token: tokenId, entity: rec.entityId, generation: outcome.generation })
    await handOff.apply(tokenId, rec.entityId, outcome.handOff)
    return toTokenView(findIn(await loaded(), tokenId))
  }

  function exchange(tokenId: string): Promise<TokenView> {
    const running = inflight.get(tokenId)
    if (running) return running
    const run = exchangeOnce(tokenId).finally(() => inflight.delete(tokenId))
    inflight.set(tokenId, run)
    return run
  }

  const intake = createTokenIntake({
    entities: deps.entities,
    secrets: deps.secrets,
    settings: deps.settings,
    clock: deps.clock,
    log,
    book,
    newId,
    emitEntity,
    sweepExpired,
    ...(deps.receivedAt ? { receivedAt: deps.receivedAt } : {}),
  })

  async function submit(input: TokenSubmission): Promise<SubmitResult> {
    const { accepted, rejected, skipped, created } = await intake.intake(input)
    let views = accepted.map(toTokenView)
    if (input.exchange !== false) {
      views = []
      for (const t of accepted) views.push(await exchange(t.id))
    }
    const createdViews = await Promise.all(
      created.map(async (e) => entityView(await deps.entities.get(e.id))),
    )
    return { accepted: views, rejected, skipped, createdEntities: createdViews }
  }

  return {
    preview: (text) => intake.preview(text),
    submit,
    async list(filter = {}) {
      await sweepExpired()
      return (await loaded()).tokens
        .filter((t) => t.discardedAtMs === null)
        .filter(
          (t) =>
            filter.includeFinished ||
            t.state === 'pending' ||
            t.state === 'exchanging' ||
            t.state === 'failed' ||
            (t.state === 'exchanged' && t.handOff !== null && t.handOff.doneAtMs === null),
        )
        .sort((a, b) => b.receivedAtMs - a.receivedAtMs)
        .map(toTokenView)
    },
    async entityOf(tokenId) {
      const t = (await loaded()).tokens.find((x) => x.id === tokenId)
      return t && t.discardedAtMs === null ? t.entityId : null
    },
    exchange,
    async discard(tokenId) {
      if (inflight.has(tokenId))
        throw new DeskError(
          'conflict',
          'This token is being exchanged right now. Wait for the result, then discard it.',
        )
      const rec = findIn(await loaded(), tokenId)
      await deps.secrets.remove(`request-token:${tokenId}`).catch((err: unknown) => {
        log.warn('discard: could not erase the request token from the keychain', { token: tokenId, err })
      })
      const updated = await updateToken(tokenId, (t) => {
        t.discardedAtMs = deps.clock.nowMs()
        if (t.state === 'pending' || t.state === 'failed' || t.state === 'exchanging') {
          t.state = 'expired'
          t.problem = {
            kind: 'cancelled',
            message: 'Discarded by the desk. Paste the Concur text again to take it back in.',
          }
        }
      })
      await emitEntity(rec.entityId)
      return toTokenView(updated)
    },
    async handOffAgain(entityId) {
      const meta = await deps.credentials.loadMeta(entityId)
      if (!meta || meta.dead) return
      const fromToken = (await loaded()).tokens.find((t) => t.id === meta.exchangedFromTokenId)
      await handOff.retry(fromToken?.id ?? null, entityId)
    },
    sweepExpired,
    entityView,
    emitEntity,
    start(reason) {
      if (sweepAbort) return
      log.info(`start(${reason})`)
      const abort = new AbortController()
      sweepAbort = abort
      void (async () => {
        while (!abort.signal.aborted) {
          try {
            await deps.clock.wait(deps.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, abort.signal)
          } catch {
            break
          }
          await sweepExpired().catch((err: unknown) => log.error('sweep: failed', { err }))
        }
      })()
    },
    stop(reason) {
      log.info(`stop(${reason})`)
      sweepAbort?.abort()
      sweepAbort = null
    },
  }
}
