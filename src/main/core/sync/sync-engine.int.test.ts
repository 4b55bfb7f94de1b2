import { createManualClock } from '../clock'
import type { Clock } from '../ports'
import type { CronPort } from '../scheduler/poll-scheduler'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import {
  buildEngine,
  createScaledClock,
  createWorld,
  startSims,
  closeTempStores,
  tempStore,
  useHarnessBackend,
  until,
  type Sims,
} from '../../../../test/support/sync-harness'

let sims: Sims
let worldCount = 0
const tag = () => `w${++worldCount}`

/** The scaled clock (1 real ms = 1 virtual s) plus `skip(ms)`, to move virtual time on without sleeping. */
function skippableClock(): Clock & { skip(ms: number): void } {
  const scaled = createScaledClock(1000)
  let skippedMs = 0
  return {
    nowMs: () => scaled.nowMs() + skippedMs,
    wait: (ms, signal) => scaled.wait(ms, signal),
    skip: (ms) => void (skippedMs += ms),
  }
}
const clock = skippableClock()

beforeAll(async () => {
  sims = await startSims({ clock })
})
afterAll(() => sims.stop())

const facesOf = (companyId: string) => sims.faces.admin.listTravellers(companyId)

describe.each(BACKENDS)('on %s', (backend) => {
  beforeAll(() => useHarnessBackend(backend))
  afterAll(() => closeTempStores())

  describe('sync engine over both simulators', () => {
    it('copies changed Concur profiles into Faces once and skips them on the next poll', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 5, tag: tag() })
      const { engine, syncLog } = await buildEngine(sims, world, await tempStore(), { facesToConcur: false })
      await engine.start('test')
      await engine.whenIdle()
      const e = world.entities[0]!
      expect(
        facesOf(e.facesCompanyId)
          .map((t) => t.concurLoginId)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4].map((i) => `u${i}.${e.id}@corp.test`).sort())
      const writesBefore = sims.faces.admin.stats().upserts
      const run = await engine.runEntity(e.id)
      const done = await engine.waitForRun(run.runId)
      expect(done).toMatchObject({ state: 'done', profilesTotal: 5 })
      expect(sims.faces.admin.stats().upserts).toBe(writesBefore)
      expect(engine.statusOf(e.id)).toMatchObject({ consecutiveFailures: 0, retryListSize: 0 })
      expect((await syncLog.query({ entityId: e.id, outcome: 'success' })).total).toBeGreaterThanOrEqual(6)
      await engine.stop('test')
    })

    it('pushes a Faces edit to Concur and does not bounce it back', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 2, tag: tag() })
      const { engine } = await buildEngine(sims, world, await tempStore())
      await engine.start('test')
      await engine.whenIdle()
      const e = world.entities[0]!
      const t = facesOf(e.facesCompanyId).find((x) => x.concurLoginId === `u1.${e.id}@corp.test`)!
      sims.faces.admin.editTraveller(e.facesCompanyId, t.id, { 'name.last': 'Edited-in-Faces' })
      await until(() =>
        sims.concur.admin
          .listTravellers(world.companyUuidOf.get(e.id))
          .some((x) => x.lastName === 'Edited-in-Faces'),
      )
      const version = sims.faces.admin.getTraveller(e.facesCompanyId, t.id)!.version
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      await engine.whenIdle()
      expect(sims.faces.admin.getTraveller(e.facesCompanyId, t.id)!.version).toBe(version)
      expect(engine.counters().concurPosts).toBe(1)
      await engine.stop('test')
    })

    it('merges edits of different fields made on both sides at the same time', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 1, tag: tag() })
      const { engine } = await buildEngine(sims, world, await tempStore())
      await engine.start('test')
      await engine.whenIdle()
      const e = world.entities[0]!
      const uuid = world.companyUuidOf.get(e.id)!
      const login = `u0.${e.id}@corp.test`
      const t = facesOf(e.facesCompanyId)[0]!
      sims.concur.admin.modifyTraveller(uuid, login, { firstName: 'FromConcur' })
      sims.faces.admin.editTraveller(e.facesCompanyId, t.id, { 'name.last': 'FromFaces' })
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      await engine.whenIdle()
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      await engine.whenIdle()
      const c = sims.concur.admin.listTravellers(uuid)[0]!
      const f = sims.faces.admin.getTraveller(e.facesCompanyId, t.id)!
      expect([c.firstName, c.lastName]).toEqual(['FromConcur', 'FromFaces'])
      expect([f.firstName, f.lastName]).toEqual(['FromConcur', 'FromFaces'])
      await engine.stop('test')
    })

    it('returns the active run on a second "sync now" and can cancel it without losing changes', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 30, tag: tag() })
      const dataDir = await tempStore()
      const { engine } = await buildEngine(sims, world, dataDir, { facesToConcur: false, chunkSize: 5 })
      await engine.start('test')
      const e = world.entities[0]!
      const active = engine.runs(e.id)[0]!
      const again = await engine.runEntity(e.id)
      expect(again.runId).toBe(active.runId)
      engine.cancel(active.runId)
      expect((await engine.waitForRun(active.runId)).state).toBe('cancelled')
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      expect(facesOf(e.facesCompanyId)).toHaveLength(30)
      await engine.stop('test')
    })

    it('resumes after a kill mid-run over the same data folder with nothing lost or doubled', async () => {
      const world = await createWorld(sims, { entities: 2, travellersPerEntity: 25, tag: tag() })
      const dataDir = await tempStore()
      const first = await buildEngine(sims, world, dataDir, { chunkSize: 4 })
      await first.engine.start('test')
      await until(() => sims.faces.admin.stats().created > 0)
      await first.engine.kill()
      const second = await buildEngine(sims, world, dataDir, { chunkSize: 4 })
      await second.engine.start('restart')
      await second.engine.whenIdle()
      for (const e of world.entities) {
        const logins = facesOf(e.facesCompanyId).map((t) => t.concurLoginId)
        expect(new Set(logins).size).toBe(25)
        expect(logins).toHaveLength(25)
      }
      await second.engine.stop('test')
    })

    it('puts a profile that keeps failing on the retry list without holding back the others, and heals it later', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 4, tag: tag() })
      const e = world.entities[0]!
      const broken = `u2.${e.id}@corp.test`
      let healed = false
      const concur = {
        ...world.concurClient,
        getProfile: (
          key: string,
          by: Parameters<typeof world.concurClient.getProfile>[1],
          signal?: AbortSignal,
        ) => {
          if (!healed && 'login' in by && by.login === broken)
            return Promise.reject(
              Object.assign(new Error('Concur had a problem (HTTP 500)'), { kind: 'remote-failed' }),
            )
          return world.concurClient.getProfile(key, by, signal)
        },
      }
      const { engine } = await buildEngine(sims, { ...world, concurClient: concur }, await tempStore(), {
        facesToConcur: false,
        overlapMs: 0,
      })
      await engine.start('test')
      await engine.whenIdle()
      expect(engine.statusOf(e.id)).toMatchObject({
        retryListSize: 1,
        lastPoll: { outcome: 'partial', failed: 1, applied: 3 },
      })
      expect(facesOf(e.facesCompanyId)).toHaveLength(3)
      const listed = await engine.travellers(e.id)
      expect(listed.find((t) => t.loginId === broken)).toMatchObject({
        inRetryList: true,
        retryError: expect.stringContaining('HTTP 500'),
      })
      // Concur's timestamps have whole seconds: the edit must land after the last poll's watermark.
      clock.skip(5_000)
      sims.concur.admin.modifyTraveller(world.companyUuidOf.get(e.id)!, `u0.${e.id}@corp.test`, {
        firstName: 'Later',
      })
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      expect(
        facesOf(e.facesCompanyId).find((t) => t.concurLoginId === `u0.${e.id}@corp.test`)!.firstName,
      ).toBe('Later')
      expect(engine.statusOf(e.id)!.retryListSize).toBe(1)
      healed = true
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      expect(engine.statusOf(e.id)).toMatchObject({ retryListSize: 0, lastPoll: { outcome: 'success' } })
      expect(facesOf(e.facesCompanyId)).toHaveLength(4)
      await engine.stop('test')
    })

    it('detects a Concur login ID change by employee ID and updates the existing Faces traveller', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 0, tag: tag() })
      const e = world.entities[0]!
      const uuid = world.companyUuidOf.get(e.id)!
      sims.concur.admin.upsertTraveller({
        companyUuid: uuid,
        loginId: `old.${e.id}@corp.test`,
        firstName: 'Ida',
        lastName: 'Old',
        employeeId: `EMP-${e.id}`,
        travelConfigId: '100',
      })
      const { engine, syncLog } = await buildEngine(sims, world, await tempStore(), { facesToConcur: false })
      await engine.start('test')
      await engine.whenIdle()
      sims.concur.admin.upsertTraveller({
        companyUuid: uuid,
        loginId: `new.${e.id}@corp.test`,
        firstName: 'Ida',
        lastName: 'Old',
        employeeId: `EMP-${e.id}`,
        travelConfigId: '100',
      })
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      const travellers = facesOf(e.facesCompanyId)
      expect(travellers).toHaveLength(1)
      expect(travellers[0]!.concurLoginId).toBe(`new.${e.id}@corp.test`)
      expect(engine.statusOf(e.id)!.loginIdChanges).toBe(1)
      expect(
        (await syncLog.query({ entityId: e.id, outcome: 'warning', text: 'login id changed' })).total,
      ).toBe(1)
      await engine.stop('test')
    })
  })

  describe('sync engine login ID policy', () => {
    it('only flags a login ID change when the policy says flag-only, leaving Faces unchanged', async () => {
      const world = await createWorld(sims, { entities: 1, travellersPerEntity: 0, tag: tag() })
      const e = world.entities[0]!
      const uuid = world.companyUuidOf.get(e.id)!
      sims.concur.admin.upsertTraveller({
        companyUuid: uuid,
        loginId: `old.${e.id}@corp.test`,
        firstName: 'Ida',
        lastName: 'Old',
        employeeId: `EMP-${e.id}`,
        travelConfigId: '100',
      })
      const { engine, syncLog, pushes } = await buildEngine(sims, world, await tempStore(), {
        facesToConcur: false,
        policy: 'flag-only',
      })
      await engine.start('test')
      await engine.whenIdle()
      sims.concur.admin.upsertTraveller({
        companyUuid: uuid,
        loginId: `new.${e.id}@corp.test`,
        firstName: 'Ida',
        lastName: 'Old',
        employeeId: `EMP-${e.id}`,
        travelConfigId: '100',
      })
      await engine.waitForRun((await engine.runEntity(e.id)).runId)
      expect(facesOf(e.facesCompanyId).map((t) => t.concurLoginId)).toEqual([`old.${e.id}@corp.test`])
      expect(engine.statusOf(e.id)!.loginIdChanges).toBe(1)
      expect((await syncLog.query({ entityId: e.id, outcome: 'warning', text: 'flag only' })).total).toBe(1)
      expect(
        pushes.some((p) => p.channel === 'notify' && JSON.stringify(p.payload).includes('login ID changed')),
      ).toBe(true)
      await engine.stop('test')
    })
  })

  describe('sync engine scheduling', () => {
    // A manual clock: the 500 s interval passes by advancing it, never by sleeping.
    const manual = createManualClock(Date.UTC(2026, 5, 1, 8, 0, 0))
    let scheduled: Sims
    beforeAll(async () => {
      // Nothing advances this clock during a request, so the simulated processing time is off here.
      scheduled = await startSims({ clock: manual, concurLatency: 'none' })
    })
    afterAll(() => scheduled.stop())

    function fakeCron() {
      const hooks: { tick?: () => void; missed?: () => void } = {}
      const port: CronPort = {
        validate: () => true,
        schedule: (_e, _z, tick, missed) => (
          (hooks.tick = tick),
          (hooks.missed = missed),
          { stop() {}, nextRunAtMs: () => 123 }
        ),
      }
      return { port, hooks }
    }

    it('polls at start, never overlaps a tick with an active run, and catches up only overdue entities', async () => {
      const world = await createWorld(scheduled, { entities: 2, travellersPerEntity: 3, tag: tag() })
      world.entities[1]!.pollingActive = false
      const cron = fakeCron()
      const { engine } = await buildEngine(
        scheduled,
        world,
        await tempStore(),
        { facesToConcur: false, intervalMs: 500_000 },
        cron.port,
      )
      await engine.start('test')
      const [a, b] = world.entities as [(typeof world.entities)[0], (typeof world.entities)[0]]
      expect(engine.runs(a.id).map((r) => r.kind)).toEqual(['catch-up'])
      expect(engine.runs(b.id)).toEqual([])
      cron.hooks.tick!()
      await engine.whenIdle()
      expect(engine.runs(a.id)).toHaveLength(1)
      cron.hooks.missed!()
      await engine.whenIdle()
      expect(engine.runs(a.id)).toHaveLength(1)
      await manual.advance(550_000)
      cron.hooks.missed!()
      await engine.whenIdle()
      expect(engine.runs(a.id)).toHaveLength(2)
      await manual.advance(550_000)
      engine.onResume()
      await engine.whenIdle()
      expect(engine.runs(a.id).map((r) => r.kind)).toEqual(['catch-up', 'catch-up', 'catch-up'])
      expect(engine.runs(b.id)).toEqual([])
      expect(engine.statusOf(a.id)!.nextPollAtMs).toBe(123)
      expect(engine.statusOf(b.id)!.nextPollAtMs).toBeNull()
      await engine.stop('test')
    })
  })
})
