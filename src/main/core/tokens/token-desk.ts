/**
 * The token desk: intake of pasted request tokens, their validity, the exchange with Concur and the
 * hand-off of the resulting refresh token to Faces.
 *
 * Where secrets live: a pending request token only in the keychain (`request-token:${tokenId}`),
 * erased once exchanged, discarded or expired; the refresh token only in the keychain (written by
 * the connector through the keychain credential store). `tokens.json` holds metadata, a masked
 * preview and a hash for duplicate detection, never a token.
 *
 * Token states: pending → exchanging → exchanged, or failed (retryable while valid), or expired
 * (by the clock, checked on every read and by the periodic sweep). Exchanges of one token are
 * single-flight. A failed hand-off to Faces is recorded on the token and retried by exchanging the
 * token again; the refresh token stays in the keychain either way.
 */
import type {
  EntityView,
  EnvironmentKind,
  ParsedTokenBlock,
  TokenView,
  CredentialView,
} from '../../../shared/model'
import type { Problem } from '../../../shared/result'
import { isRenewalDue } from '../../../shared/intake/case-composer'
import { intakeWindowPhrase } from '../../../shared/intake/intake-defaults'
import { parseTokenPaste, type TokenPasteBlock } from '../../../shared/intake/token-parser'
import type { PushPayloads } from '../../../shared/contract'
import type { Logger } from '../../logging/logger'
import { redact, secretRegistry } from '../../logging/redact'
import { ConcurError, type ConcurClient } from '../concur/concur-client'
import { DeskError } from '../desk-error'
import type { DocumentStore } from '../entities/document-store'
import { noPollStatus, type PollControl, type PollStatusProvider } from '../entities/entity-ports'
import type { EntityRecord } from '../entities/entity-record'
import type { EntityStore } from '../entities/entity-store'
import { toEntityView } from '../entities/entity-view'
import type { Clock, SecretStore, SettingsStore } from '../ports'
import type { DeskSettings } from '../settings/desk-settings'
import type { FacesCompanyPort } from './faces-company-port'
import { patchCredentialMeta, readCredentialMeta } from './keychain-credential-store'
import { hashToken, tokensDocumentSchema, type TokenRecord, type TokensDocument } from './token-record'

/** Dependencies of the token desk. */
export type TokenDeskDeps = Readonly<{
  clock: Clock
  log: Logger
  secrets: SecretStore
  settings: SettingsStore<DeskSettings>
  environment: EnvironmentKind
  entities: EntityStore
  /** `tokens.json` under the data dir (createJsonDocumentStore(dataDir, 'tokens.json', emptyTokensDocument)). */
  tokens: DocumentStore<TokensDocument>
  /** The Concur connector, built with the keychain credential store (entityKey = entity id). */
  concur: Pick<ConcurClient, 'exchangeRequestToken'>
  faces: FacesCompanyPort
  /** The push bus (only 'token:updated' and 'entity:updated' are sent). */
  bus: { emit<P extends 'token:updated' | 'entity:updated'>(channel: P, payload: PushPayloads[P]): void }
  pollStatus?: PollStatusProvider
  pollControl?: PollControl
  /** New token ids; crypto.randomUUID by default. */
  newId?: () => string
  /** How often the background sweep marks expired tokens. @default 60000 */
  sweepIntervalMs?: number
}>

/** What `tokens:submit` asks for. */
export type TokenSubmission = { text: string; blocks?: number[]; createUnknown?: boolean; exchange?: boolean }

/** The token desk service. */
export interface TokenDesk {
  /** Parses pasted text and matches it against entities and earlier tokens; stores nothing. */
  preview(text: string): Promise<ParsedTokenBlock[]>
  /** Takes the chosen valid blocks in, optionally creating entities and exchanging right away. */
  submit(
    input: TokenSubmission,
  ): Promise<{ accepted: TokenView[]; rejected: ParsedTokenBlock[]; createdEntities: EntityView[] }>
  /** Tokens still to act on (pending, exchanging, failed, or exchanged with a failed hand-off); all with includeFinished. */
  list(filter?: { includeFinished?: boolean }): Promise<TokenView[]>
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

const HOUR_MS = 3_600_000
const DEFAULT_SWEEP_INTERVAL_MS = 60_000

/** Turns any failure into a Problem safe to show (messages pass through redaction). */
export function problemFrom(err: unknown): Problem {
  if (err instanceof DeskError) return err.toProblem()
  if (err instanceof ConcurError)
    return {
      kind: err.kind,
      message: err.message,
      ...(err.correlationId ? { correlationId: err.correlationId } : {}),
    }
  if (err instanceof Error && err.name === 'AbortError')
    return { kind: 'cancelled', message: 'The operation was cancelled.' }
  const e = err as { kind?: unknown; message?: unknown } | null
  if (e && typeof e.kind === 'string' && typeof e.message === 'string')
    return { kind: e.kind as Problem['kind'], message: redact(e.message) }
  return {
    kind: 'bug',
    message: 'Something went wrong inside the desk. The details are in the log; please try again.',
  }
}

/** Creates the token desk. */
export function createTokenDesk(deps: TokenDeskDeps): TokenDesk {
  const log = deps.log.child('tokens')
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID())
  const pollStatus = deps.pollStatus ?? noPollStatus
  const inflight = new Map<string, Promise<TokenView>>()
  let doc: TokensDocument | null = null
  let lock: Promise<unknown> = Promise.resolve()
  let sweepAbort: AbortController | null = null

  async function loaded(): Promise<TokensDocument> {
    if (!doc) {
      const parsed = tokensDocumentSchema.parse(await deps.tokens.load())
      // An exchange cannot survive a restart: a token still marked 'exchanging' was interrupted.
      // Offer it for another try instead of showing a spinner forever (saved with the next change).
      for (const t of parsed.tokens)
        if (t.state === 'exchanging') {
          t.state = 'failed'
          t.problem = {
            kind: 'cancelled',
            message: 'The desk stopped while this token was being exchanged. Press Exchange to try again.',
          }
        }
      doc ??= parsed
    }
    return doc
  }

  function mutate<T>(fn: (d: TokensDocument) => T): Promise<T> {
    const run = lock.then(async () => {
      const draft = structuredClone(await loaded())
      const result = fn(draft)
      await deps.tokens.save(draft)
      doc = draft
      return result
    })
    lock = run.catch(() => {})
    return run
  }

  function findIn(d: TokensDocument, tokenId: string): TokenRecord {
    const t = d.tokens.find((x) => x.id === tokenId)
    if (!t)
      throw new DeskError('not-found', 'This token is no longer known to the desk. Reload the token list.')
    return t
  }

  async function updateToken(tokenId: string, change: (t: TokenRecord) => void): Promise<TokenRecord> {
    const rec = await mutate((d) => {
      const t = findIn(d, tokenId)
      change(t)
      return structuredClone(t)
    })
    deps.bus.emit('token:updated', toTokenView(rec))
    return rec
  }

  function toTokenView(t: TokenRecord): TokenView {
    const handOffProblem = t.handOff?.problem ?? null
    return {
      id: t.id,
      entityId: t.entityId,
      outtaskId: t.outtaskId,
      tokenPreview: t.tokenPreview,
      receivedAtMs: t.receivedAtMs,
      expiresAtMs: t.expiresAtMs,
      state: t.state,
      problem:
        t.problem ??
        (handOffProblem
          ? {
              ...handOffProblem,
              message: `Exchanged, and the refresh token is safe in the keychain, but handing it to Faces failed: ${handOffProblem.message} Press Exchange to retry the hand-off.`,
            }
          : null),
      exchangedAtMs: t.exchangedAtMs,
    }
  }

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
    const meta = readCredentialMeta(deps.settings, deps.environment, entityId)
    // A poll that Concur refused with an invalid refresh token after this credential was stored
    // means a new request token is needed; the sync engine reports it in the last poll.
    const lastPoll = pollStatus.statusOf(entityId)?.lastPoll ?? null
    if (meta && lastPoll?.problem?.kind === 'refresh-token-invalid' && lastPoll.atMs >= meta.sinceMs)
      return { state: 'refresh-token-invalid', sinceMs: lastPoll.atMs, problem: lastPoll.problem }
    if (meta)
      return {
        state: 'refresh-token',
        sinceMs: meta.sinceMs,
        refreshExpiresAtMs: meta.refreshExpiresAtMs,
        isRenewalDue: isRenewalDue(meta.refreshExpiresAtMs, deps.clock.nowMs()),
        exchangedFromTokenId: meta.exchangedFromTokenId,
        handedToFacesAtMs: meta.handedToFacesAtMs,
      }
    const waiting = (await loaded()).tokens
      .filter(
        (t) =>
          t.entityId === entityId &&
          t.discardedAtMs === null &&
          (t.state === 'pending' || t.state === 'exchanging' || t.state === 'failed'),
      )
      .sort((a, b) => b.receivedAtMs - a.receivedAtMs)[0]
    return waiting ? { state: 'request-token', token: toTokenView(waiting) } : { state: 'none' }
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

  async function toParsedBlocks(blocks: TokenPasteBlock[]): Promise<ParsedTokenBlock[]> {
    const entities = await deps.entities.list()
    const known = (await loaded()).tokens
    const seenInPaste = new Set<string>()
    return blocks.map((b) => {
      const entity = b.outtaskId ? entities.find((e) => e.outtaskId === b.outtaskId) : undefined
      const errors = [...b.errors]
      const uuidMatches = !entity || !b.companyUuid || entity.companyUuid === b.companyUuid.toLowerCase()
      if (entity && !uuidMatches && !errors.some((e) => e.field === 'companyUuid'))
        errors.push({
          field: 'companyUuid',
          value: b.companyUuid ?? '',
          message: `The company UUID ${b.companyUuid ?? ''} does not match the one stored for "${entity.name}" (${entity.companyUuid}). Check the paste, or correct the entity first.`,
        })
      let isDuplicate = false
      if (b.requestToken) {
        const hash = hashToken(b.requestToken)
        const key = `${entity?.id ?? `outtask:${b.outtaskId ?? ''}`}:${hash}`
        isDuplicate =
          seenInPaste.has(key) ||
          (entity !== undefined && known.some((t) => t.entityId === entity.id && t.tokenHash === hash))
        seenInPaste.add(key)
      }
      return {
        index: b.index,
        lines: b.lines,
        outtaskId: b.outtaskId,
        companyUuid: b.companyUuid,
        tokenPreview: b.tokenPreview,
        errors,
        warnings: b.warnings,
        notes: b.notes,
        match: entity
          ? { kind: 'known', entityId: entity.id, entityName: entity.name, uuidMatches }
          : { kind: 'unknown' },
        isDuplicate,
        isValid: errors.length === 0 && !isDuplicate,
      }
    })
  }

  async function handOff(tokenId: string | null, entityId: string): Promise<void> {
    const entity = await deps.entities.get(entityId)
    const attemptedAtMs = deps.clock.nowMs()
    let problem: Problem | null = null
    const first = entity.checklist['interface-and-polling-active'] === null
    try {
      if (!entity.facesCompanyId)
        throw new DeskError(
          'invalid-input',
          `"${entity.name}" has no Faces company yet. Edit the entity to set its Faces company, then retry.`,
        )
      const refreshToken = await deps.secrets.read(`refresh-token:${entityId}`)
      const meta = readCredentialMeta(deps.settings, deps.environment, entityId)
      if (!refreshToken || !meta)
        throw new DeskError(
          'refresh-token-invalid',
          'No refresh token is stored for this entity. Exchange a new request token first.',
        )
      secretRegistry.register(refreshToken)
      await deps.faces.setConcurLink(entity.facesCompanyId, {
        refreshToken,
        travelConfigIds: [...entity.travelConfigIds],
        geolocation: meta.geolocation,
        activateInterface: first,
        activatePolling: first,
      })
    } catch (err) {
      problem = problemFrom(err)
      log.warn('hand-off: Faces did not take the Concur link', { entity: entityId, kind: problem.kind, err })
    }
    const doneAtMs = problem ? null : deps.clock.nowMs()
    if (tokenId) await updateToken(tokenId, (t) => (t.handOff = { doneAtMs, attemptedAtMs, problem }))
    if (doneAtMs === null) return void (await emitEntity(entityId))
    patchCredentialMeta(deps.settings, deps.environment, entityId, (m) => ({
      ...m,
      handedToFacesAtMs: doneAtMs,
    }))
    await deps.entities.patch(entityId, (e) => {
      e.checklist['refresh-token-set-in-faces'] = doneAtMs
      if (first) {
        e.checklist['interface-and-polling-active'] = doneAtMs
        e.pollingActive = true
      }
    })
    if (first) await deps.pollControl?.setPollingActive(entityId, true)
    log.info('hand-off: Concur link set in Faces', { entity: entityId, activated: first })
    await emitEntity(entityId)
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
      if (rec.handOff?.doneAtMs == null) await handOff(rec.id, rec.entityId)
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
    await updateToken(tokenId, (t) => {
      t.state = 'exchanging'
      t.problem = null
    })
    await emitEntity(rec.entityId)
    log.info('exchange: exchanging request token', { token: tokenId, entity: rec.entityId })
    let geolocation: string
    try {
      const result = await deps.concur.exchangeRequestToken({
        entityKey: rec.entityId,
        companyUuid: rec.companyUuid,
        requestToken,
      })
      geolocation = result.geolocation
    } catch (err) {
      const problem = problemFrom(err)
      log.warn('exchange: failed', { token: tokenId, entity: rec.entityId, kind: problem.kind, err })
      const failed = await updateToken(tokenId, (t) => {
        t.state = deps.clock.nowMs() >= t.expiresAtMs ? 'expired' : 'failed'
        t.problem = problem
      })
      await emitEntity(rec.entityId)
      return toTokenView(failed)
    }
    const now = deps.clock.nowMs()
    // The connector has saved the refresh token (keychain first, then metadata); record the origin.
    patchCredentialMeta(deps.settings, deps.environment, rec.entityId, (m) => ({
      ...m,
      exchangedFromTokenId: tokenId,
      handedToFacesAtMs: null,
    }))
    await deps.secrets.remove(`request-token:${tokenId}`).catch((err: unknown) => {
      log.warn('exchange: could not erase the used request token from the keychain', { token: tokenId, err })
    })
    await updateToken(tokenId, (t) => {
      t.state = 'exchanged'
      t.exchangedAtMs = now
      t.problem = null
      t.handOff = null
    })
    await deps.entities.patch(rec.entityId, (e) => {
      e.geolocation = geolocation
      e.checklist['exchanged'] = now
      e.checklist['refresh-token-set-in-faces'] = null
    })
    log.info('exchange: done', { token: tokenId, entity: rec.entityId })
    await handOff(tokenId, rec.entityId)
    return toTokenView(findIn(await loaded(), tokenId))
  }

  function exchange(tokenId: string): Promise<TokenView> {
    const running = inflight.get(tokenId)
    if (running) return running
    const run = exchangeOnce(tokenId).finally(() => inflight.delete(tokenId))
    inflight.set(tokenId, run)
    return run
  }

  /**
   * Intakes run one at a time: two quick submits of the same paste must see each other's tokens,
   * or both would pass the duplicate check. The exchanges that follow run outside this lock.
   */
  let intakeLock: Promise<unknown> = Promise.resolve()

  async function submit(
    input: TokenSubmission,
  ): Promise<{ accepted: TokenView[]; rejected: ParsedTokenBlock[]; createdEntities: EntityView[] }> {
    const run = intakeLock.then(() => intake(input))
    intakeLock = run.catch(() => {})
    const { accepted, rejected, created } = await run
    let views = accepted.map(toTokenView)
    if (input.exchange !== false) {
      views = []
      for (const t of accepted) views.push(await exchange(t.id))
    }
    const createdViews = await Promise.all(
      created.map(async (e) => entityView(await deps.entities.get(e.id))),
    )
    return { accepted: views, rejected, createdEntities: createdViews }
  }

  async function intake(
    input: TokenSubmission,
  ): Promise<{ accepted: TokenRecord[]; rejected: ParsedTokenBlock[]; created: EntityRecord[] }> {
    await sweepExpired()
    const raw = parseTokenPaste(input.text)
    for (const b of raw) secretRegistry.register(b.requestToken)
    const parsed = await toParsedBlocks(raw)
    const chosen = input.blocks ? new Set(input.blocks) : null
    const accepted: TokenRecord[] = []
    const rejected: ParsedTokenBlock[] = []
    const created: EntityRecord[] = []
    const touched = new Set<string>()

    for (const block of parsed) {
      const rawBlock = raw[block.index]
      if (chosen ? !chosen.has(block.index) : !block.isValid) {
        if (!chosen) rejected.push(block)
        continue
      }
      if (!block.isValid || !rawBlock?.requestToken || !block.outtaskId || !block.companyUuid) {
        rejected.push(block)
        continue
      }
      let entityId: string
      if (block.match.kind === 'known') entityId = block.match.entityId
      else if (input.createUnknown) {
        const entity = await deps.entities.create({
          name: `New entity ${block.outtaskId}`,
          outtaskId: block.outtaskId,
          companyUuid: block.companyUuid,
          siteIds: [],
          vendorSiteIds: [],
          travelConfigIds: [],
          facesCompanyId: '',
        })
        created.push(entity)
        entityId = entity.id
      } else {
        rejected.push({
          ...block,
          isValid: false,
          errors: [
            ...block.errors,
            {
              field: 'outtaskId',
              value: block.outtaskId,
              message: `No entity has Entity/Outtask ID ${block.outtaskId}. Choose "create the entity" to add it, or add the entity first.`,
            },
          ],
        })
        continue
      }
      const tokenId = newId()
      try {
        await deps.secrets.write(`request-token:${tokenId}`, rawBlock.requestToken)
      } catch (err) {
        log.error('intake: could not store the request token in the keychain', { err })
        rejected.push({
          ...block,
          isValid: false,
          errors: [
            ...block.errors,
            {
              field: 'block',
              value: block.tokenPreview ?? '',
              message:
                'The keychain refused to store the request token. Unlock the keychain (or restart the desk) and submit again.',
            },
          ],
        })
        continue
      }
      const now = deps.clock.nowMs()
      const record: TokenRecord = {
        id: tokenId,
        entityId,
        outtaskId: block.outtaskId,
        companyUuid: block.companyUuid.toLowerCase(),
        tokenHash: hashToken(rawBlock.requestToken),
        tokenPreview: block.tokenPreview ?? '',
        receivedAtMs: now,
        expiresAtMs: now + deps.settings.read().requestTokenLifetimeHours * HOUR_MS,
        state: 'pending',
        problem: null,
        exchangedAtMs: null,
        handOff: null,
        discardedAtMs: null,
      }
      await mutate((d) => void d.tokens.push(record))
      await deps.entities.patch(entityId, (e) => (e.checklist['request-token-received'] = now))
      deps.bus.emit('token:updated', toTokenView(record))
      touched.add(entityId)
      accepted.push(record)
      log.info('intake: request token received', { token: tokenId, entity: entityId })
    }
    for (const entityId of touched) await emitEntity(entityId)
    return { accepted, rejected, created }
  }

  return {
    async preview(text) {
      return toParsedBlocks(parseTokenPaste(text))
    },
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
      const meta = readCredentialMeta(deps.settings, deps.environment, entityId)
      if (!meta) return
      const fromToken = (await loaded()).tokens.find((t) => t.id === meta.exchangedFromTokenId)
      await handOff(fromToken?.id ?? null, entityId)
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
