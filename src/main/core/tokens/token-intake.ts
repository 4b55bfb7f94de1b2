/**
 * Intake of pasted Concur text: parse it into token blocks, match them against entities and earlier
 * tokens (duplicates), and take the chosen valid ones in: the request token into the keychain
 * (`request-token:${id}`), its metadata into the token rows. Intakes run one at a time: two quick
 * submits of the same paste must see each other's tokens, or both would pass the duplicate check.
 */
import type { ParsedTokenBlock } from '../../../shared/model'
import { parseTokenPaste, type TokenPasteBlock } from '../../../shared/intake/token-parser'
import type { Logger } from '../../logging/logger'
import { secretRegistry } from '../../logging/redact'
import type { EntityRecord } from '../entities/entity-record'
import type { EntityStore } from '../entities/entity-store'
import type { Clock, SecretStore, SettingsStore } from '../ports'
import type { DeskSettings } from '../settings/desk-settings'
import type { TokenBook } from './token-book'
import { hashToken, type TokenRecord } from './token-record'

/** What `tokens:submit` asks for. */
export type TokenSubmission = { text: string; blocks?: number[]; createUnknown?: boolean; exchange?: boolean }

const HOUR_MS = 3_600_000

/** Dependencies of the intake. */
export type TokenIntakeDeps = Readonly<{
  entities: EntityStore
  secrets: SecretStore
  settings: SettingsStore<DeskSettings>
  clock: Clock
  log: Logger
  book: TokenBook
  newId: () => string
  emitEntity: (entityId: string) => Promise<void>
  sweepExpired: () => Promise<number>
  /**
   * When the message carrying a request token reached the desk, if known (the Sandbox knows for
   * its simulated replies); null or absent: the desk counts the lifetime from the submit.
   */
  receivedAt?: (requestToken: string) => number | null
}>

/** What an intake took in, turned away, and left alone (duplicates: nothing to fix). */
export type IntakeResult = {
  accepted: TokenRecord[]
  rejected: ParsedTokenBlock[]
  skipped: ParsedTokenBlock[]
  created: EntityRecord[]
}

/** Creates the intake. */
export function createTokenIntake(deps: TokenIntakeDeps) {
  const log = deps.log
  const loaded = deps.book.loaded
  const mutate = deps.book.mutate
  let intakeLock: Promise<unknown> = Promise.resolve()

  async function toParsedBlocks(blocks: TokenPasteBlock[]): Promise<ParsedTokenBlock[]> {
    const entities = await deps.entities.list({ includeArchived: true })
    const live = entities.filter((e) => !e.archived)
    const nameOf = (entityId: string): string =>
      entities.find((e) => e.id === entityId)?.name ?? 'an entity no longer listed'
    const known = (await loaded()).tokens
    const seenInPaste = new Map<string, number>()
    return blocks.map((b) => {
      const entity = b.outtaskId ? live.find((e) => e.outtaskId === b.outtaskId) : undefined
      const errors = [...b.errors]
      const uuidMatches = !entity || !b.companyUuid || entity.companyUuid === b.companyUuid.toLowerCase()
      if (entity && !uuidMatches && !errors.some((e) => e.field === 'companyUuid'))
        errors.push({
          field: 'companyUuid',
          value: b.companyUuid ?? '',
          message: `The company UUID ${b.companyUuid ?? ''} does not match the one stored for "${entity.name}" (${entity.companyUuid}). Check the paste, or correct the entity first.`,
        })
      let duplicateOf: ParsedTokenBlock['duplicateOf'] = null
      if (b.requestToken) {
        const hash = hashToken(b.requestToken)
        const earlierBlock = seenInPaste.get(hash)
        // The newest record of this token: the same token for this entity first, any entity after.
        const earlier = [...known]
          .filter((t) => t.tokenHash === hash)
          .sort(
            (x, y) =>
              Number(y.entityId === entity?.id) - Number(x.entityId === entity?.id) ||
              y.receivedAtMs - x.receivedAtMs,
          )[0]
        if (earlierBlock !== undefined) duplicateOf = { kind: 'in-paste', blockIndex: earlierBlock }
        else if (earlier)
          duplicateOf = {
            kind: 'known',
            tokenId: earlier.id,
            state: earlier.state,
            entityName: nameOf(earlier.entityId),
            receivedAtMs: earlier.receivedAtMs,
            exchangedAtMs: earlier.exchangedAtMs,
          }
        if (earlierBlock === undefined) seenInPaste.set(hash, b.index)
      }
      const isDuplicate = duplicateOf !== null
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
        duplicateOf,
        isValid: errors.length === 0 && !isDuplicate,
        receivedAtMs: b.requestToken ? (deps.receivedAt?.(b.requestToken) ?? null) : null,
      }
    })
  }

  /** Takes the chosen valid blocks in (one intake at a time); exchanges are the caller's. */
  function intake(input: TokenSubmission): Promise<IntakeResult> {
    const run = intakeLock.then(() => intakeNow(input))
    intakeLock = run.catch(() => {})
    return run
  }

  async function intakeNow(input: TokenSubmission): Promise<IntakeResult> {
    await deps.sweepExpired()
    const raw = parseTokenPaste(input.text)
    for (const b of raw) secretRegistry.register(b.requestToken)
    const parsed = await toParsedBlocks(raw)
    const chosen = input.blocks ? new Set(input.blocks) : null
    const accepted: TokenRecord[] = []
    const rejected: ParsedTokenBlock[] = []
    const skipped: ParsedTokenBlock[] = []
    const created: EntityRecord[] = []
    const touched = new Set<string>()

    for (const block of parsed) {
      const rawBlock = raw[block.index]
      if (chosen && !chosen.has(block.index)) continue
      // A token the desk already has (or that this paste repeats) is nothing to fix: leave it.
      if (block.isDuplicate && block.errors.length === 0) {
        skipped.push(block)
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
      const tokenId = deps.newId()
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
      const receivedAtMs = block.receivedAtMs ?? now
      const record: TokenRecord = {
        id: tokenId,
        entityId,
        outtaskId: block.outtaskId,
        companyUuid: block.companyUuid.toLowerCase(),
        tokenHash: hashToken(rawBlock.requestToken),
        tokenPreview: block.tokenPreview ?? '',
        receivedAtMs,
        expiresAtMs: receivedAtMs + deps.settings.read().requestTokenLifetimeHours * HOUR_MS,
        state: 'pending',
        problem: null,
        exchangedAtMs: null,
        handOff: null,
        discardedAtMs: null,
      }
      await mutate((d) => void d.tokens.push(record))
      await deps.entities.patch(entityId, (e) => (e.checklist['request-token-received'] = now))
      deps.book.announce(record)
      touched.add(entityId)
      accepted.push(record)
      log.info('intake: request token received', { token: tokenId, entity: entityId })
    }
    for (const entityId of touched) await deps.emitEntity(entityId)
    // A token that reached the desk too late (a Sandbox reply of 16:40) is expired on arrival.
    if (accepted.some((t) => t.expiresAtMs <= deps.clock.nowMs())) await deps.sweepExpired()
    return { accepted, rejected, skipped, created }
  }

  return {
    /** Parses pasted text and matches it against entities and earlier tokens; stores nothing. */
    async preview(text: string): Promise<ParsedTokenBlock[]> {
      return toParsedBlocks(parseTokenPaste(text))
    },
    intake,
  }
}
