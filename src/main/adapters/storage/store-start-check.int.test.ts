/**
 * When SQLite's full integrity check runs: before the start only after a session that did not end
 * cleanly (its marker left in desk_state), otherwise after the start on a worker thread, whose
 * damage finding is a notice plus a marker that makes the next start recover the usual way.
 */
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncLogRecord } from '../../../shared/model'
import { SESSION_KEY } from './db/open-sqlite'
import type { OpenedDeskStorage } from './open-desk-storage'
import { freshLocation, openTestStorage } from './test-backends.test-helper'

const open: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(open.map((o) => o.storage.close().catch(() => {})))
})

const logRecord = (n: number): SyncLogRecord => ({
  seq: n,
  atMs: 1_700_000_000_000 + n,
  entityId: `e${n % 7}`,
  entityName: null,
  runId: null,
  direction: null,
  traveller: `t${n}@corp.test`,
  kind: 'traveller',
  outcome: 'success',
  message: `Updated in Faces ${'y'.repeat(150)}`,
  durationMs: null,
  error: null,
  correlationId: null,
  credential: null,
})

/** A closed store of 4,000 log records whose middle pages are overwritten (the header stays whole). */
async function damagedInTheMiddle(leaveSessionMarker: boolean): Promise<string> {
  const location = freshLocation('sqlite')
  if (location.kind !== 'sqlite') throw new Error('sqlite expected')
  const o = await openTestStorage('sqlite', { location })
  await o.storage.syncLog.insert(Array.from({ length: 4_000 }, (_, i) => logRecord(i + 1)))
  await o.storage.close()
  if (leaveSessionMarker) {
    const raw = new Database(location.file)
    raw.prepare('INSERT INTO desk_state (key, value, updated_at_ms) VALUES (?, ?, 0)').run(SESSION_KEY, '{}')
    raw.close()
  }
  const size = statSync(location.file).size
  const fd = openSync(location.file, 'r+')
  writeSync(fd, Buffer.alloc(Math.floor(size / 5), 0xab), 0, Math.floor(size / 5), Math.floor(size * 0.4))
  closeSync(fd)
  return location.file
}

const keptFiles = (file: string) =>
  readdirSync(dirname(file)).filter((f) => f.includes('.damaged-') && f.endsWith('.sqlite'))

describe('the integrity check of a SQLite store', () => {
  it('after a clean close: not before the start; the check after it finds the damage, says so, and the next start recovers', async () => {
    const file = await damagedInTheMiddle(false)
    const o = await openTestStorage('sqlite', {
      location: { kind: 'sqlite', file },
      backgroundCheckDelayMs: 0,
    })
    expect(o.notices).toEqual([])
    expect(await o.backgroundCheck).toBe('damaged')
    expect(o.notices).toHaveLength(1)
    expect(o.notices[0]).toMatchObject({
      level: 'error',
      title: 'The desk’s database has damaged pages',
      file,
    })
    expect(o.notices[0]!.body).toContain(`The integrity check of ${file} found damage`)
    expect(o.notices[0]!.body).toContain('Restart the desk soon')
    expect(keptFiles(file)).toEqual([])
    await o.storage.close()

    const next = await openTestStorage('sqlite', { location: { kind: 'sqlite', file } })
    open.push(next)
    expect(next.notices[0]!.title).toBe('The desk’s database was damaged')
    expect(next.notices[0]!.body).toContain('the integrity check failed')
    expect(keptFiles(file)).toHaveLength(1)
    expect(await next.backgroundCheck).toBe('skipped')
  })

  it('after a session that did not end cleanly: in full before the start', async () => {
    const file = await damagedInTheMiddle(true)
    const o = await openTestStorage('sqlite', { location: { kind: 'sqlite', file } })
    open.push(o)
    expect(o.notices[0]!.title).toBe('The desk’s database was damaged')
    expect(o.notices[0]!.body).toContain('the integrity check failed')
    expect(keptFiles(file)).toHaveLength(1)
  })

  it('a whole store passes the check after the start, and a clean close leaves no session marker', async () => {
    const location = freshLocation('sqlite')
    if (location.kind !== 'sqlite') throw new Error('sqlite expected')
    const o = await openTestStorage('sqlite', { location, backgroundCheckDelayMs: 0 })
    await o.storage.syncLog.insert([logRecord(1)])
    expect(await o.backgroundCheck).toBe('ok')
    expect(o.notices).toEqual([])
    await o.storage.close()
    const raw = new Database(location.file, { readonly: true })
    expect(raw.prepare('SELECT key FROM desk_state').all()).not.toContainEqual({ key: SESSION_KEY })
    raw.close()
  })
})
