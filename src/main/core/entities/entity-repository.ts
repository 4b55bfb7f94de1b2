/**
 * The storage port of the entity store: rows of entities, read once and written one record at a
 * time (adapters/storage implements it over SQLite or PostgreSQL; tests may use the memory one).
 */
import type { EntityRecord } from './entity-record'

/** Entity rows. Values are plain data; never a secret. */
export interface EntityRepository {
  /** Every entity, archived ones included. */
  loadAll(): Promise<EntityRecord[]>
  /** Inserts or replaces one entity; resolves once it is durable. */
  save(record: EntityRecord): Promise<void>
}

/** Entities held in memory (unit tests). Stores copies, like a database would. */
export function createMemoryEntityRepository(
  initial: readonly EntityRecord[] = [],
): EntityRepository & { readonly rows: ReadonlyMap<string, EntityRecord> } {
  const rows = new Map(initial.map((e) => [e.id, structuredClone(e)]))
  return {
    rows,
    loadAll: () => Promise.resolve([...rows.values()].map((e) => structuredClone(e))),
    save: (record) => {
      rows.set(record.id, structuredClone(record))
      return Promise.resolve()
    },
  }
}
