/**
 * The storage port of the token book: request-token metadata rows (never a token), read once and
 * written per changed record (adapters/storage implements it; tests may use the memory one).
 */
import type { TokenRecord } from './token-record'

/** Request-token metadata rows. */
export interface TokenRepository {
  loadAll(): Promise<TokenRecord[]>
  /** Inserts or replaces these records in one transaction; resolves once they are durable. */
  save(records: readonly TokenRecord[]): Promise<void>
}

/** Token metadata held in memory (unit tests). Stores copies, like a database would. */
export function createMemoryTokenRepository(
  initial: readonly TokenRecord[] = [],
): TokenRepository & { readonly rows: ReadonlyMap<string, TokenRecord> } {
  const rows = new Map(initial.map((t) => [t.id, structuredClone(t)]))
  return {
    rows,
    loadAll: () => Promise.resolve([...rows.values()].map((t) => structuredClone(t))),
    save: (records) => {
      for (const r of records) rows.set(r.id, structuredClone(r))
      return Promise.resolve()
    },
  }
}
