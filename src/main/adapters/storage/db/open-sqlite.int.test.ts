/**
 * The connection settings of an opened SQLite store: WAL with synchronous=NORMAL, and a page cache
 * bounded at PAGE_CACHE_KIB (better-sqlite3's build default of 16 MB made the desk's RSS grow with
 * the size of its log).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqlite, PAGE_CACHE_KIB } from './open-sqlite'

const dir = mkdtempSync(join(tmpdir(), 'open-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('an opened SQLite store', () => {
  it('journals in WAL and keeps its page cache at the bound, not the build default', async () => {
    const store = await openSqlite(join(dir, 'desk.sqlite'))
    try {
      expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(store.raw.pragma('synchronous', { simple: true })).toBe(1)
      expect(store.raw.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB)
      expect(PAGE_CACHE_KIB).toBeLessThan(16_000)
    } finally {
      await store.db.destroy()
    }
  })
})
