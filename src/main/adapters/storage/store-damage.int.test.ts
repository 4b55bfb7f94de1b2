/**
 * A damaged store never stops the desk, on both backends: it is moved aside (never deleted), what
 * can be read is copied into a fresh one, and the notice says which file, what was done and what
 * it means. SQLite: a truncated file, garbage, a wrong (newer) schema version. PostgreSQL: a wrong
 * schema version and a schema with a table missing.
 */
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import type { EntityRecord } from '../../core/entities/entity-record'
import { emptyChecklist } from '../../core/entities/entity-record'
import type { OpenedDeskStorage } from './open-desk-storage'
import { freshLocation, openTestStorage } from './test-backends.test-helper'

const open: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(open.map((o) => o.storage.close().catch(() => {})))
})

const entity = (i: number): EntityRecord => ({
  id: `e${i}`,
  name: `Entity ${i}`,
  outtaskId: String(100000 + i),
  companyUuid: 'c0ffee00-0000-4000-8000-000000000001',
  siteIds: [],
  vendorSiteIds: [],
  travelConfigIds: [],
  facesCompanyId: `F-${i}`,
  geolocation: null,
  archived: false,
  createdAtMs: i,
  updatedAtMs: i,
  checklist: emptyChecklist(),
  pollingActive: true,
  loginIdChangesAcked: 0,
})

/** A store with 3 entities, their sync memory and 3,000 log records; closed again. */
async function seeded(backend: 'sqlite' | 'postgres') {
  const location = freshLocation(backend)
  const o = await openTestStorage(backend, { location })
  for (let i = 0; i < 3; i++) await o.storage.entities.save(entity(i))
  const st = o.storage.engineStores().stateStore
  for (let i = 0; i < 3; i++) {
    const s = await st.load(`e${i}`)
    s.watermarkMs = 1_000
    await st.save(`e${i}`)
  }
  const records = Array.from({ length: 3_000 }, (_, n) => ({
    seq: n + 1,
    atMs: Date.now(),
    entityId: 'e0',
    entityName: 'Entity 0',
    runId: null,
    direction: null,
    traveller: `t${n}@corp.test`,
    kind: 'traveller' as const,
    outcome: 'success' as const,
    message: 'x'.repeat(200),
    durationMs: null,
    error: null,
    correlationId: null,
    credential: null,
  }))
  await o.storage.syncLog.insert(records)
  await o.storage.close()
  return location
}

const kept = (file: string, word: string) => readdirSync(dirname(file)).filter((f) => f.includes(`.${word}-`))

describe('a damaged SQLite store', () => {
  it('truncated: keeps the file, recovers the entities and says what it means', async () => {
    const location = await seeded('sqlite')
    if (location.kind !== 'sqlite') throw new Error('sqlite expected')
    truncateSync(location.file, Math.floor(statSync(location.file).size * 0.75))
    const o = await openTestStorage('sqlite', { location })
    open.push(o)
    expect(kept(location.file, 'damaged').filter((f) => f.endsWith('.sqlite'))).toHaveLength(1)
    const [notice] = o.notices
    expect(notice).toMatchObject({
      level: 'error',
      title: 'The desk’s database was damaged',
      file: location.file,
    })
    expect(notice!.body).toContain(`${location.file} could not be used`)
    expect(notice!.body).toContain('(nothing was deleted)')
    // The entities sit in the first pages; the log's tail was cut off.
    expect(notice!.body).toContain('Entities are intact (3 entities).')
    expect(notice!.body).toContain(
      ' sync-log records were recovered; the rest remain readable only in the kept file',
    )
    // Whatever came over is usable and the desk writes on.
    await o.storage.entities.save(entity(9))
    expect((await o.storage.entities.loadAll()).map((e) => e.id)).toContain('e9')
  })

  it('garbage: keeps the file and starts empty, saying how to get the entities back', async () => {
    const location = freshLocation('sqlite')
    if (location.kind !== 'sqlite') throw new Error('sqlite expected')
    const first = await openTestStorage('sqlite', { location })
    await first.storage.close()
    writeFileSync(location.file, 'this is not a database, just some text a tool wrote here\n'.repeat(50))
    const o = await openTestStorage('sqlite', { location })
    open.push(o)
    const keptFile = kept(location.file, 'damaged').find((f) => f.endsWith('.sqlite'))!
    expect(readFileSync(`${dirname(location.file)}/${keptFile}`, 'utf8')).toContain('this is not a database')
    expect(o.notices[0]!.body).toContain('the file is not a SQLite database')
    expect(o.notices[0]!.body).toContain('Nothing could be read from it')
    expect(o.notices[0]!.body).toContain('Entities → Import CSV')
    expect(await o.storage.entities.loadAll()).toEqual([])
  })

  it('wrong schema version: a newer desk’s file is kept, its rows come over, and the notice says so', async () => {
    const location = await seeded('sqlite')
    if (location.kind !== 'sqlite') throw new Error('sqlite expected')
    const o1 = await openTestStorage('sqlite', { location })
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('0099-from-the-future', '2027-01-01')`.execute(
      o1.db,
    )
    await o1.storage.close()
    const o = await openTestStorage('sqlite', { location })
    open.push(o)
    expect(kept(location.file, 'newer').filter((f) => f.endsWith('.sqlite'))).toHaveLength(1)
    expect(o.notices[0]).toMatchObject({
      level: 'warning',
      title: 'The desk’s database was written by a newer desk',
    })
    expect(o.notices[0]!.body).toContain('0099-from-the-future')
    expect(o.notices[0]!.body).toContain('Entities are intact (3 entities)')
    expect((await o.storage.entities.loadAll()).map((e) => e.id)).toEqual(['e0', 'e1', 'e2'])
    expect(existsSync(location.file)).toBe(true)
  })
})

describe('a damaged PostgreSQL store', () => {
  it('wrong schema version: the schema is renamed aside, its rows come over', async () => {
    const location = await seeded('postgres')
    const o1 = await openTestStorage('postgres', { location })
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('0099-from-the-future', '2027-01-01')`.execute(
      o1.db,
    )
    await o1.storage.close()
    const o = await openTestStorage('postgres', { location })
    open.push(o)
    expect(o.notices[0]).toMatchObject({
      level: 'warning',
      title: 'The desk’s database was written by a newer desk',
    })
    expect(o.notices[0]!.body).toMatch(/kept as schema t\w+_newer_/)
    expect(o.notices[0]!.body).toContain('Entities are intact (3 entities)')
    expect((await o.storage.entities.loadAll()).map((e) => e.id)).toEqual(['e0', 'e1', 'e2'])
  })

  it('a missing table: recovered, and the entities whose sync memory went poll in full', async () => {
    const location = await seeded('postgres')
    const o1 = await openTestStorage('postgres', { location })
    await sql`DROP TABLE sync_entities`.execute(o1.db)
    await o1.storage.close()
    const o = await openTestStorage('postgres', { location })
    open.push(o)
    expect(o.notices[0]!.title).toBe('The desk’s database was damaged')
    expect(o.notices[0]!.body).toContain('tables are missing (sync_entities)')
    expect(o.notices[0]!.body).toContain(
      'Sync memory of 3 entities was reset: their next poll is a full resync',
    )
    const st = await o.storage.engineStores().stateStore.load('e0')
    expect(st.watermarkMs).toBeNull()
  })
})
