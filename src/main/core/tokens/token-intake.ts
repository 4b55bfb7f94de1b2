/**
 * Intake of pasted Concur text: parse it into token blocks, match them against entities and earlier
 * tokens (duplicates), and take the chosen valid ones in: the request token into the keychain
 * (`request-token:${id}`), its metadata into `tokens.json`. Intakes run one at a time: two quick
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
}>

/** Creates the intake. */
export function createTokenIntake(deps: TokenIntakeDeps) {
  const log = deps.log
  const loaded = deps.book.loaded
  const mutate = deps.book.mutate
  let intakeLock: Promise<unknown> = Promise.resolve()

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

  /** Takes the chosen valid blocks in (one intake at a time); exchanges are the caller's. */
  function intake(
    input: TokenSubmission,
  ): Promise<{ accepted: TokenRecord[]; rejected: ParsedTokenBlock[]; created: EntityRecord[] }> {
    const run = intakeLock.then(() => intakeNow(input))
    intakeLock = run.catch(() => {})
    return run
  }

  async function intakeNow(
    input: TokenSubmission,
  ): Promise<{ accepted: TokenRecord[]; rejected: ParsedTokenBlock[]; created: EntityRecord[] }> {
    await deps.sweepExpired()
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
      deps.book.announce(record)
      touched.add(entityId)
      accepted.push(record)
      log.info('intake: request token received', { token: tokenId, entity: entityId })
    }
    for (const entityId of touched) await deps.emitEntity(entityId)
    return { accepted, rejected, created }
  }

  return {
    /** Parses pasted text and matches it against entities and earlier tokens; stores nothing. */
    async preview(text: string): Promise<ParsedTokenBlock[]> {
      return toParsedBlocks(parseTokenPaste(text))
    },
    intake,
  }
}
