/**
 * The entity store: add, edit, archive, checklist steps, lookups by Outtask ID. Keeps the
 * entities in memory after the first load and persists every changed record (through the
 * EntityRepository port) before resolving; changes run one at a time so two quick edits can never
 * overwrite each other.
 */
import type { EntityInput, OnboardingStep } from '../../../shared/model'
import type { Clock } from '../ports'
import { DeskError } from '../errors/desk-error'
import type { EntityRepository } from './entity-repository'
import { emptyChecklist, entityRecordSchema, type EntityRecord } from './entity-record'

/** Dependencies of the entity store. */
export type EntityStoreDeps = Readonly<{
  repo: EntityRepository
  clock: Clock
  /** New entity ids; crypto.randomUUID by default. */
  newId?: () => string
}>

/** The entity repository. Returned records are copies: change them only through the store. */
export interface EntityStore {
  list(filter?: { includeArchived?: boolean }): Promise<EntityRecord[]>
  /**
   * `pick` of every non-archived entity, without copying the records first (`pick` must copy what
   * it keeps): the sync engine reads the list at every tick, and a copy of 5,000 records took
   * longer than the rest of its start.
   */
  mapActive<T>(pick: (e: Readonly<EntityRecord>) => T): Promise<T[]>
  /** Throws DeskError('not-found') for an unknown id. */
  get(entityId: string): Promise<EntityRecord>
  /** The entity with this id, archived or not, or null (a copy of that one entity only). */
  find(entityId: string): Promise<EntityRecord | null>
  /** The non-archived entity with this Outtask ID, if any. */
  findByOuttaskId(outtaskId: string): Promise<EntityRecord | null>
  /** Creates an entity; the Outtask ID must be unique among non-archived entities. */
  create(input: EntityInput): Promise<EntityRecord>
  update(entityId: string, input: EntityInput): Promise<EntityRecord>
  setArchived(entityId: string, archived: boolean): Promise<EntityRecord>
  /** Dates a checklist step (or clears it). Steps already done keep their first date unless cleared. */
  markStep(entityId: string, step: OnboardingStep, done: boolean): Promise<EntityRecord>
  /** Applies a change to one entity under the store's lock. */
  patch(entityId: string, change: (record: EntityRecord) => void): Promise<EntityRecord>
}

/** Trims, drops empties and duplicates from an id list. */
export function cleanIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((s) => s.trim()).filter(Boolean))]
}

function normaliseInput(input: EntityInput): EntityInput {
  return {
    name: input.name.trim(),
    outtaskId: input.outtaskId.trim(),
    companyUuid: input.companyUuid.trim().toLowerCase(),
    siteIds: cleanIds(input.siteIds),
    vendorSiteIds: cleanIds(input.vendorSiteIds),
    travelConfigIds: cleanIds(input.travelConfigIds),
    facesCompanyId: input.facesCompanyId.trim(),
  }
}

/** Creates the entity store over a document repository. */
export function createEntityStore(deps: EntityStoreDeps): EntityStore {
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID())
  let doc: EntityRecord[] | null = null
  let lock: Promise<unknown> = Promise.resolve()

  async function loaded(): Promise<EntityRecord[]> {
    if (!doc) {
      const rows = (await deps.repo.loadAll()).map((r) => entityRecordSchema.parse(r))
      doc ??= rows.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id))
    }
    return doc
  }

  /**
   * Runs `fn` on a working copy of one record (or a new one) and persists it; the in-memory list
   * changes only once the record is saved.
   */
  function mutate<T>(fn: (d: EntityRecord[]) => { record: EntityRecord; result: T }): Promise<T> {
    const run = lock.then(async () => {
      const current = await loaded()
      const { record, result } = fn(current)
      await deps.repo.save(record)
      const at = current.findIndex((e) => e.id === record.id)
      if (at >= 0) current[at] = record
      else current.push(record)
      return result
    })
    lock = run.catch(() => {})
    return run
  }

  /** A working copy of one entity, changed by `change`, as mutate expects. */
  function changeOne(
    d: EntityRecord[],
    entityId: string,
    change: (draft: EntityRecord) => void,
  ): { record: EntityRecord; result: EntityRecord } {
    const draft = structuredClone(find(d, entityId))
    change(draft)
    return { record: draft, result: structuredClone(draft) }
  }

  function find(d: EntityRecord[], entityId: string): EntityRecord {
    const e = d.find((x) => x.id === entityId)
    if (!e) throw new DeskError('not-found', 'This entity no longer exists. Reload the entity list.')
    return e
  }

  function assertUniqueOuttask(d: EntityRecord[], outtaskId: string, exceptId: string | null): void {
    const clash = d.find((e) => !e.archived && e.outtaskId === outtaskId && e.id !== exceptId)
    if (clash)
      throw new DeskError(
        'conflict',
        `Entity/Outtask ID ${outtaskId} is already used by "${clash.name}". Edit that entity, or archive it first.`,
        { fields: { outtaskId: `Already used by "${clash.name}"` } },
      )
  }

  return {
    async list(filter = {}) {
      const d = await loaded()
      return structuredClone(d.filter((e) => filter.includeArchived || !e.archived))
    },
    async get(entityId) {
      return structuredClone(find(await loaded(), entityId))
    },
    async mapActive(pick) {
      return (await loaded()).filter((e) => !e.archived).map(pick)
    },
    async find(entityId) {
      const e = (await loaded()).find((x) => x.id === entityId)
      return e ? structuredClone(e) : null
    },
    async findByOuttaskId(outtaskId) {
      const e = (await loaded()).find((x) => !x.archived && x.outtaskId === outtaskId.trim())
      return e ? structuredClone(e) : null
    },
    create(input) {
      return mutate((d) => {
        const clean = normaliseInput(input)
        assertUniqueOuttask(d, clean.outtaskId, null)
        const now = deps.clock.nowMs()
        const record: EntityRecord = {
          id: newId(),
          ...clean,
          geolocation: null,
          archived: false,
          createdAtMs: now,
          updatedAtMs: now,
          checklist: emptyChecklist(),
          pollingActive: false,
          loginIdChangesAcked: 0,
        }
        return { record, result: structuredClone(record) }
      })
    },
    update(entityId, input) {
      return mutate((d) =>
        changeOne(d, entityId, (e) => {
          const clean = normaliseInput(input)
          if (!e.archived) assertUniqueOuttask(d, clean.outtaskId, e.id)
          Object.assign(e, clean, { updatedAtMs: deps.clock.nowMs() })
        }),
      )
    },
    setArchived(entityId, archived) {
      return mutate((d) =>
        changeOne(d, entityId, (e) => {
          if (!archived && e.archived) assertUniqueOuttask(d, e.outtaskId, e.id)
          e.archived = archived
          if (archived) e.pollingActive = false
          e.updatedAtMs = deps.clock.nowMs()
        }),
      )
    },
    markStep(entityId, step, done) {
      return mutate((d) =>
        changeOne(d, entityId, (e) => {
          e.checklist[step] = done ? (e.checklist[step] ?? deps.clock.nowMs()) : null
          e.updatedAtMs = deps.clock.nowMs()
        }),
      )
    },
    patch(entityId, change) {
      return mutate((d) =>
        changeOne(d, entityId, (e) => {
          change(e)
          e.updatedAtMs = deps.clock.nowMs()
        }),
      )
    },
  }
}
