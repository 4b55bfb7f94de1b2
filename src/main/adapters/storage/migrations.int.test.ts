/**
 * Migrations on both backends: a new store migrates from empty to the latest version, and a store
 * left at every earlier version (with rows written then) migrates to the latest keeping its rows;
 * the text index of 0002 covers rows written before it existed.
 */
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createSyncLog } from '../../core/sync-log/sync-log'
import { systemClock } from '../../core/clock'
import { appliedMigrations } from './db/migrate'
import { emptyRunCounts } from '../../../shared/run-counts'
import { DESK_MIGRATIONS, LATEST_SCHEMA_VERSION } from './db/migrations'
import type { OpenedDeskStorage } from './open-desk-storage'
import { BACKENDS, freshLocation, openTestStorage } from './test-backends.test-helper'

const open: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(open.map((o) => o.storage.close().catch(() => {})))
})

/** The names of the sync log's indexes, from the backend's own catalogue. */
async function syncLogIndexes(o: OpenedDeskStorage, backend: string): Promise<string[]> {
  const rows =
    backend === 'sqlite'
      ? await sql<{
          name: string
        }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sync_log'`.execute(o.db)
      : await sql<{
          name: string
        }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'sync_log' AND schemaname = current_schema()`.execute(
          o.db,
        )
  return rows.rows.map((r) => r.name)
}

const entity = (id: string) => ({
  id,
  name: `Entity ${id}`,
  outtaskId: `OT-${id}`,
  companyUuid: 'c0ffee00-0000-4000-8000-000000000001',
  siteIds: [],
  vendorSiteIds: [],
  travelConfigIds: ['100'],
  facesCompanyId: `F-${id}`,
  geolocation: null,
  archived: false,
  createdAtMs: 1,
  updatedAtMs: 1,
  checklist: {
    'approval-obtained': null,
    'token-requested': null,
    'token-received': null,
    exchanged: null,
    'refresh-token-set-in-faces': null,
    'interface-and-polling-active': null,
  },
  pollingActive: true,
  loginIdChangesAcked: 0,
})

describe('the migration list', () => {
  // Kysely refuses a migration whose name sorts before one a store already ran: a new one must
  // take a number above every shipped one (0011 after the team desk's 0010, not 0006).
  it('is in strictly ascending name order, each name starting with its four-digit number', () => {
    const names = DESK_MIGRATIONS.map((m) => m.name)
    expect(names.every((n) => /^\d{4}-[a-z0-9-]+$/.test(n))).toBe(true)
    expect([...names].sort()).toEqual(names)
    expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(names.length)
    // 0011 came after 0010 had shipped: it must run after it, never be renumbered below it.
    expect(names.indexOf('0011-sync-log-entity-outcome')).toBe(names.indexOf('0010-team') + 1)
    expect(names.indexOf('0010-team')).toBeGreaterThan(0)
  })
})

describe.each(BACKENDS)('migrations on %s', (backend) => {
  it(`migrates a new store from empty to version ${LATEST_SCHEMA_VERSION}`, async () => {
    const o = await openTestStorage(backend)
    open.push(o)
    expect(await appliedMigrations(o.db as never, backend)).toEqual(DESK_MIGRATIONS.map((m) => m.name))
    expect(await syncLogIndexes(o, backend)).toContain('sync_log_entity_outcome')
    await o.storage.entities.save(entity('e1') as never)
    expect((await o.storage.entities.loadAll()).map((e) => e.id)).toEqual(['e1'])
  })

  it.each(DESK_MIGRATIONS.slice(0, -1).map((m, i) => [m.name, i + 1] as const))(
    'migrates a store left at %s to the latest, keeping its rows',
    async (_name, version) => {
      const location = freshLocation(backend)
      const old = await openTestStorage(backend, { location, migrateTo: version })
      expect(await appliedMigrations(old.db as never, backend)).toHaveLength(version)
      // Rows as that version wrote them (tables of 0001 only: they exist at every version).
      await old.storage.entities.save(entity('e-old') as never)
      await old.storage.syncLog.insert([
        {
          seq: 1,
          atMs: Date.now(),
          entityId: 'e-old',
          entityName: 'Entity e-old',
          runId: 'run-1',
          direction: 'concur-to-faces',
          traveller: 'anna.meier@corp.test',
          kind: 'traveller',
          outcome: 'success',
          message: 'Updated in Faces',
          durationMs: 5,
          error: null,
          correlationId: null,
          credential: null,
        },
      ])
      await sql`INSERT INTO credential_meta (entity_id, generation, meta, updated_at_ms) VALUES ('e-old', 3, '{"geolocation":"https://eu2.api.concursolutions.com","refreshExpiresAtMs":null,"sinceMs":1,"exchangedFromTokenId":null,"handedToFacesAtMs":null,"generation":3}', 1)`.execute(
        old.db,
      )
      // A traveller as versions before 5 kept later fields: in `extra`.
      await sql`INSERT INTO sync_travellers (entity_id, traveller_key, login_id, name, base, base_hash, pending_first_contact, extra) VALUES ('e-old', 'ann@corp.test', 'ann@corp.test', 'Ann', '{}', 'h0', 0, '{"appliedModifiedMs":1234,"lastChanges":{"concur-to-faces":{"atMs":7,"changes":[],"isFirstCopy":true}}}')`.execute(
        old.db,
      )
      // One with a field of a newer desk beside its notes (it stays in extra) and a note that is not an object.
      await sql`INSERT INTO sync_travellers (entity_id, traveller_key, login_id, name, base, base_hash, pending_first_contact, extra) VALUES ('e-old', 'bob@corp.test', 'bob@corp.test', 'Bob', '{}', 'h0', 0, '{"futureField":1,"lastChanges":{"faces-to-concur":{"atMs":8,"changes":[],"isFirstCopy":false},"concur-to-faces":"garbled"}}')`.execute(
        old.db,
      )
      if (version === 3) {
        // Runs as version 3 wrote them: no counts, a cut-off run marked in `extra`.
        await sql`INSERT INTO sync_runs (run_id, entity_id, kind, direction, state, pages_done, profiles_done, failed, started_at_ms, finished_at_ms, extra) VALUES ('r-v3', 'e-old', 'scheduled', 'concur-to-faces', 'cancelled', 0, 3, 0, 3, 4, '{"interrupted":true}'), ('r-v3-done', 'e-old', 'manual', 'concur-to-faces', 'done', 1, 7, 0, 1, 2, NULL)`.execute(
          old.db,
        )
      } else if (version >= 4) {
        await sql`INSERT INTO sync_runs (run_id, entity_id, kind, direction, state, pages_done, profiles_done, failed, started_at_ms, finished_at_ms, interrupted) VALUES ('r-v3', 'e-old', 'scheduled', 'concur-to-faces', 'cancelled', 0, 3, 0, 3, 4, 1), ('r-v3-done', 'e-old', 'manual', 'concur-to-faces', 'done', 1, 7, 0, 1, 2, 0)`.execute(
          old.db,
        )
      }
      await old.storage.close()

      const now = await openTestStorage(backend, { location })
      open.push(now)
      // An upgrade is not damage: nothing moved aside, nothing salvaged.
      expect(now.notices).toEqual([])
      expect(await appliedMigrations(now.db as never, backend)).toEqual(DESK_MIGRATIONS.map((m) => m.name))
      expect(await syncLogIndexes(now, backend)).toContain('sync_log_entity_outcome')
      expect((await now.storage.entities.loadAll()).map((e) => e.id)).toEqual(['e-old'])
      // Older metadata gets the defaults of fields added since.
      expect(await now.storage.credentialMeta.load('e-old')).toMatchObject({ generation: 3, dead: null })
      const log = createSyncLog({ store: now.storage.syncLog, clock: systemClock })
      await log.open()
      expect((await log.query({ text: 'anna.meier' })).records.map((r) => r.seq)).toEqual([1])
      expect(log.append({ entityId: 'e-old', kind: 'info', outcome: 'info', message: 'next' }).seq).toBe(2)
      await log.close()
      const states = now.storage.engineStores().stateStore
      const ann = (await states.load('e-old')).travellers['ann@corp.test']
      expect(ann).toMatchObject({ appliedModifiedMs: 1234 })
      // The change notes moved to their own columns (0021): kept, but not in the state in memory.
      expect(ann).not.toHaveProperty('lastChanges')
      expect(await states.changeNotes('e-old', 'ann@corp.test')).toEqual({
        'concur-to-faces': { atMs: 7, changes: [], isFirstCopy: true },
      })
      const bob = (await states.load('e-old')).travellers['bob@corp.test']
      expect(bob).toMatchObject({ futureField: 1 })
      expect(bob).not.toHaveProperty('lastChanges')
      expect(await states.changeNotes('e-old', 'bob@corp.test')).toEqual({
        'faces-to-concur': { atMs: 8, changes: [], isFirstCopy: false },
      })
      // The runs table works whatever version the store came from; runs of version 3 keep their state.
      const runs = now.storage.engineStores().runs
      await runs.save({
        runId: 'r1',
        entityId: 'e-old',
        kind: 'manual',
        direction: 'concur-to-faces',
        state: 'running',
        pagesDone: 0,
        pagesTotal: null,
        profilesDone: 0,
        profilesTotal: null,
        failed: 0,
        counts: { ...emptyRunCounts(), read: 2, written: 1, unchanged: 1 },
        startedAtMs: 5,
        finishedAtMs: null,
      })
      expect(await runs.closeInterrupted(9)).toBe(1)
      expect((await runs.recent({ entityId: 'e-old', limit: 5 }))[0]).toMatchObject({
        runId: 'r1',
        state: 'cancelled',
        finishedAtMs: 9,
        counts: { read: 2, written: 1 },
      })
      const history = await runs.history({ entityId: 'e-old', limit: 5 })
      expect(history.map((h) => [h.runId, h.state, h.counts?.read ?? null])).toEqual([
        ['r1', 'interrupted', 2],
        ...(version >= 3
          ? [
              ['r-v3', 'interrupted', null],
              ['r-v3-done', 'done', null],
            ]
          : []),
      ])
    },
  )
})
