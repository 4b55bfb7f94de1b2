/**
 * The one-time import of a data folder of the pre-database format, on both backends: entities,
 * token metadata, credential metadata from settings, per-entity sync state (snapshot + journal,
 * torn last line dropped), the outbox with its cursor and the rotated JSON-lines sync log; the old
 * files are kept aside and a second start imports nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { emptyChecklist } from '../../core/entities/entity-record'
import { credentialMetaSchema } from '../../core/settings/desk-settings'
import { emptyEntityState } from '../../core/sync/sync-state'
import type { OpenedDeskStorage } from './open-desk-storage'
import { BACKENDS, freshLocation, openTestStorage } from './test-backends.test-helper'

const open: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(open.map((o) => o.storage.close().catch(() => {})))
})

const NOW = Date.now()

/** A `<data>/sandbox` folder exactly as the desk before the database left it. */
function legacyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-legacy-'))
  const entity = {
    id: 'ent/1',
    name: 'Umbrella EMEA',
    outtaskId: '110034',
    companyUuid: 'c0ffee00-0000-4000-8000-000000000001',
    siteIds: [],
    vendorSiteIds: [],
    travelConfigIds: ['100'],
    facesCompanyId: 'F-1',
    geolocation: 'https://eu2.api.concursolutions.com',
    archived: false,
    createdAtMs: 1,
    updatedAtMs: 2,
    checklist: { ...emptyChecklist(), exchanged: 5 },
    pollingActive: true,
    loginIdChangesAcked: 0,
  }
  writeFileSync(join(dir, 'entities.json'), JSON.stringify({ version: 1, entities: [entity] }))
  writeFileSync(
    join(dir, 'tokens.json'),
    JSON.stringify({
      version: 1,
      tokens: [
        {
          id: 't1',
          entityId: 'ent/1',
          outtaskId: '110034',
          companyUuid: entity.companyUuid,
          tokenHash: 'ab'.repeat(32),
          tokenPreview: 'at-…4711',
          receivedAtMs: 3,
          expiresAtMs: 4,
          state: 'exchanged',
          problem: null,
          exchangedAtMs: 5,
          handOff: { doneAtMs: 6, attemptedAtMs: 6, problem: null },
          discardedAtMs: null,
        },
      ],
    }),
  )
  const sync = join(dir, 'sync', 'entities')
  mkdirSync(sync, { recursive: true })
  const traveller = (name: string) => ({
    loginId: `${name}@corp.test`,
    concurUuid: `uuid-${name}`,
    employeeId: null,
    facesId: `f-${name}`,
    name,
    base: { 'name.first': name },
    baseHash: `h-${name}`,
    c2fHash: null,
    f2cHash: null,
    lastConcurToFacesMs: 7,
    lastFacesToConcurMs: null,
    lastOutcome: 'success',
  })
  const snapshot = {
    ...emptyEntityState(),
    watermarkMs: 1_000,
    travellers: { 'anna@corp.test': traveller('anna') },
    stats: [{ atMs: NOW - 1_000, synced: 1, failed: 0 }],
    journalGen: 4,
  }
  writeFileSync(join(sync, `${encodeURIComponent('ent/1')}.json`), JSON.stringify(snapshot))
  writeFileSync(
    join(sync, `${encodeURIComponent('ent/1')}.journal`),
    [
      JSON.stringify({ gen: 4 }),
      JSON.stringify({ k: 'bert@corp.test', t: traveller('bert') }),
      JSON.stringify({
        h: {
          watermarkMs: 2_000,
          retry: {
            'carl@corp.test': {
              loginId: 'carl@corp.test',
              lastModifiedMs: 9,
              error: 'HTTP 500',
              attempts: 2,
              sinceMs: 8,
            },
          },
        },
      }),
      '{"k":"torn@corp.test","t":{"login', // a kill mid-append: its save never resolved
    ].join('\n'),
  )
  writeFileSync(
    join(dir, 'sync', 'outbox.json'),
    JSON.stringify({
      version: 1,
      cursor: 42,
      items: {
        'F-1/f-anna': {
          companyId: 'F-1',
          travellerId: 'f-anna',
          concurLoginId: 'anna@corp.test',
          seq: 41,
          firstSeenMs: 10,
          attempts: 1,
          nextAttemptMs: 11,
          lastError: 'HTTP 503',
        },
      },
    }),
  )
  const log = join(dir, 'sync-log')
  mkdirSync(log)
  const rec = (seq: number, message: string, fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      seq,
      atMs: NOW - 10_000 + seq,
      entityId: 'ent/1',
      entityName: 'Umbrella EMEA',
      runId: null,
      direction: null,
      traveller: null,
      kind: 'info',
      outcome: 'info',
      message,
      durationMs: null,
      error: null,
      correlationId: null,
      ...fields,
    })
  // Run records as issue 14's desks wrote them: one finished run, one a stop cut off.
  const counts = { read: 2, unchanged: 1, written: 0, skipped: 0, flagged: 0, rejected: 0, failed: 1 }
  const run = (seq: number, runId: string, kind: string, state: string, extra = {}) =>
    rec(seq, `Manual sync ${state}`, {
      runId,
      direction: 'concur-to-faces',
      kind,
      outcome: state === 'running' ? 'info' : 'warning',
      run: { kind: 'manual', state, counts },
      ...extra,
    })
  writeFileSync(
    join(log, 'sync-log.2.jsonl'),
    [
      run(1, 'run-a', 'run-started', 'running'),
      run(2, 'run-a', 'run-finished', 'done', {
        durationMs: 1,
        error: 'HTTP 500 for carl',
        correlationId: 'c-9',
      }),
      run(3, 'run-b', 'run-started', 'running'),
    ].join('\n') + '\n',
  )
  writeFileSync(join(log, 'sync-log.1.jsonl'), `${rec(4, 'oldest')}\n${rec(5, 'older')}\n`)
  writeFileSync(join(log, 'sync-log.jsonl'), `${rec(6, 'newest')}\n{"seq":7,"torn`)
  return dir
}

const meta = credentialMetaSchema.parse({
  geolocation: 'https://eu2.api.concursolutions.com',
  refreshExpiresAtMs: null,
  sinceMs: 5,
  exchangedFromTokenId: 't1',
  handedToFacesAtMs: 6,
  generation: 7,
})

describe.each(BACKENDS)('import of a data folder of the earlier format, on %s', (backend) => {
  it('brings everything into the store once and keeps the old files aside', async () => {
    const dir = legacyFolder()
    const location =
      backend === 'sqlite'
        ? { kind: 'sqlite' as const, file: join(dir, 'desk.sqlite') }
        : freshLocation(backend)
    let emptied = 0
    const legacy = {
      environmentDir: dir,
      credentialMeta: { 'ent/1': meta },
      onImported: () => void emptied++,
    }
    const o = await openTestStorage(backend, { location, legacy })
    expect(emptied).toBe(1)
    expect(o.notices[0]).toMatchObject({ level: 'info', title: 'The desk moved its data into its database' })
    expect(o.notices[0]!.body).toContain(
      'Imported 1 entities, 1 request tokens, 1 credentials, the sync memory of 1 entities (2 travellers), 1 waiting Faces changes and 6 sync-log records.',
    )
    const s = o.storage
    expect((await s.entities.loadAll()).map((e) => [e.id, e.checklist.exchanged])).toEqual([['ent/1', 5]])
    expect((await s.tokens.loadAll()).map((t) => t.handOff?.doneAtMs)).toEqual([6])
    expect(await s.credentialMeta.load('ent/1')).toMatchObject({ generation: 7, exchangedFromTokenId: 't1' })
    const stores = s.engineStores()
    const st = await stores.stateStore.load('ent/1')
    expect(st.watermarkMs).toBe(2_000)
    expect(Object.keys(st.travellers).sort()).toEqual(['anna@corp.test', 'bert@corp.test'])
    expect(st.retry['carl@corp.test']).toMatchObject({ attempts: 2, error: 'HTTP 500' })
    expect(st.stats).toHaveLength(1)
    await stores.outbox.load()
    expect(stores.outbox.cursor).toBe(42)
    expect(stores.outbox.all()).toMatchObject([{ travellerId: 'f-anna', attempts: 1, lastError: 'HTTP 503' }])
    const page = await s.syncLog.query({ kind: 'info', limit: 10 }, 100)
    expect(page.records.map((r) => r.message)).toEqual(['newest', 'older', 'oldest'])
    // The run history of the old log, in the runs table.
    expect(
      (await stores.runs.history({ entityId: 'ent/1', limit: 10 })).map((h) => [
        h.runId,
        h.state,
        h.counts?.failed,
        h.problem,
        h.correlationId,
      ]),
    ).toEqual([
      ['run-b', 'interrupted', 1, null, null],
      ['run-a', 'done', 1, 'HTTP 500 for carl', 'c-9'],
    ])
    // The old files are kept, no longer where the desk would read them.
    const keptDir = readdirSync(dir).find((f) => f.startsWith('legacy-'))!
    expect(existsSync(join(dir, 'entities.json'))).toBe(false)
    for (const f of ['entities.json', 'tokens.json', 'sync', 'sync-log'])
      expect(existsSync(join(dir, keptDir, f))).toBe(true)
    await s.close()
    // A second start imports nothing, even when old files show up again.
    writeFileSync(join(dir, 'entities.json'), JSON.stringify({ version: 1, entities: [] }))
    const again = await openTestStorage(backend, { location, legacy })
    open.push(again)
    expect(again.notices).toEqual([])
    expect(emptied).toBe(1)
    expect(await again.storage.entities.loadAll()).toHaveLength(1)
  })

  it('imports what it can read and names the file it could not', async () => {
    const dir = legacyFolder()
    writeFileSync(join(dir, 'tokens.json'), '{"version":1,"tokens":[{"id":')
    const location =
      backend === 'sqlite'
        ? { kind: 'sqlite' as const, file: join(dir, 'desk.sqlite') }
        : freshLocation(backend)
    const o = await openTestStorage(backend, {
      location,
      legacy: { environmentDir: dir, credentialMeta: {} },
    })
    open.push(o)
    expect(o.notices[0]!.level).toBe('warning')
    expect(o.notices[0]!.body).toContain(`${join(dir, 'tokens.json')} (`)
    expect(await o.storage.entities.loadAll()).toHaveLength(1)
    expect(await o.storage.tokens.loadAll()).toEqual([])
  })
})
