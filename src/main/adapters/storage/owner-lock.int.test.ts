/**
 * One owner per store, on both backends: a second open of the same store refuses with who holds
 * it and changes nothing; once the first desk closes (or dies) the store opens again. The data
 * folder lock takes over at once from a holder that died on this machine.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyChecklist } from '../../core/entities/entity-record'
import { StoreInUseError } from '../../core/owner-lock'
import { silentLogger } from '../../logging/logger'
import { createFolderOwnerLock } from './lock/folder-owner-lock'
import { BACKENDS, freshLocation, openTestStorage } from './test-backends.test-helper'

describe.each(BACKENDS)('two desks on one %s store', (backend) => {
  it('the second refuses, saying who holds it, and nothing of the first is lost', async () => {
    const location = freshLocation(backend)
    const first = await openTestStorage(backend, { location })
    await first.storage.entities.save({
      id: 'e1',
      name: 'Kept',
      outtaskId: '1',
      companyUuid: 'u',
      siteIds: [],
      vendorSiteIds: [],
      travelConfigIds: [],
      facesCompanyId: 'F',
      geolocation: null,
      archived: false,
      createdAtMs: 1,
      updatedAtMs: 1,
      checklist: emptyChecklist(),
      pollingActive: false,
      loginIdChangesAcked: 0,
    })
    const refused = await openTestStorage(backend, { location }).then(
      () => null,
      (err: unknown) => err,
    )
    expect(refused).toBeInstanceOf(StoreInUseError)
    expect((refused as Error).message).toMatch(
      new RegExp(`^This database is in use by another Faces Concur Desk \\(pid ${process.pid}[ ,]`),
    )
    expect((refused as Error).message).toMatch(/started \d\d:\d\d\)/)
    expect((await first.storage.entities.loadAll()).map((e) => e.name)).toEqual(['Kept'])
    await first.storage.close()
    const next = await openTestStorage(backend, { location })
    expect((await next.storage.entities.loadAll()).map((e) => e.name)).toEqual(['Kept'])
    await next.storage.close()
  })
})

describe('the data folder lock', () => {
  it('refuses a second holder with the words staff see, then frees the folder on release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-lock-'))
    const a = createFolderOwnerLock({
      target: dir,
      log: silentLogger,
      nowMs: () => Date.UTC(2026, 0, 5, 9, 2),
    })
    await a.acquire()
    const b = createFolderOwnerLock({ target: dir, log: silentLogger })
    const err = await b.acquire().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreInUseError)
    expect((err as Error).message).toContain(
      `This data folder is in use by another Faces Concur Desk (pid ${process.pid}, started`,
    )
    await a.release()
    await b.acquire()
    await b.release()
  })

  it('takes the folder over at once from a desk that died on this machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-lock-'))
    mkdirSync(join(dir, 'desk.lock'))
    // A pid far above any live one: the holder is gone, its lock left behind by a kill.
    writeFileSync(
      join(dir, 'desk.lock.owner.json'),
      JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), startedAtMs: 1 }),
    )
    const lock = createFolderOwnerLock({ target: dir, log: silentLogger })
    await lock.acquire()
    await lock.release()
  })
})
