/**
 * Faces → Concur when Concur refuses a traveller for good (the strict simulator over real HTTP):
 * E003 for a login Concur does not know (HTTP 200 with a bare message) and an E-code on POST get
 * one attempt, a "rejected" record that says what to do, and are never retried by the outbox;
 * W-messages are a warning, and a transient failure is still retried.
 */
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
  type Sims,
} from '../../../../test/support/sync-harness'

let sims: Sims
let worldCount = 0
const tag = () => `rj${++worldCount}`
const realPause = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  // 1 real ms = 1 virtual s: the outbox's backoff (100 ms · 2^n, at most 5 min) passes in real milliseconds.
  sims = await startSims({ clock: createScaledClock(1000) })
})
afterAll(() => sims.stop())

/** Profile calls of one kind the simulator has seen so far. */
const profileCalls = (route: 'profile-get' | 'profile-post') =>
  sims.concur.admin.requestLog().filter((e) => e.route === route).length

async function connectedWorld() {
  const world = await createWorld(sims, { entities: 1, travellersPerEntity: 1, tag: tag() })
  const { engine, syncLog } = await buildEngine(sims, world, await tempStore())
  await engine.start('test')
  await engine.whenIdle()
  return { world, engine, syncLog, entity: world.entities[0]! }
}

describe.each(BACKENDS)('on %s', (backend) => {
  beforeAll(() => useHarnessBackend(backend))
  afterAll(() => closeTempStores())

  describe('permanent Concur errors on push', () => {
    it('records a login Concur does not know (E003) as rejected once, with advice, and never retries it', async () => {
      const { world, engine, syncLog, entity } = await connectedWorld()
      const ghost = `ghost.${entity.id}@corp.test`
      const getsBefore = profileCalls('profile-get')
      sims.faces.admin.createTraveller(
        entity.facesCompanyId,
        { concurLoginId: ghost },
        { 'name.first': 'Gho', 'name.last': 'St' },
      )
      await engine.whenIdle()
      await realPause(300) // 300 virtual seconds: a retried push would have come back many times
      await engine.whenIdle()
      const records = (await syncLog.query({ entityId: entity.id, outcome: 'rejected' })).records
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({
        traveller: ghost,
        direction: 'faces-to-concur',
        kind: 'traveller',
        message: `Concur has no profile with login ${ghost}. Create it in Concur, or correct the login in Faces.`,
      })
      expect(profileCalls('profile-get') - getsBefore).toBe(1)
      expect((await syncLog.query({ entityId: entity.id, outcome: 'failed' })).total).toBe(0)
      await engine.stop('test')
      await world.owner.stop()
    })

    it('records an E-code on POST as rejected with the advice, one POST, no retry', async () => {
      const { world, engine, syncLog, entity } = await connectedWorld()
      const t = sims.faces.admin.listTravellers(entity.facesCompanyId)[0]!
      sims.concur.admin.injectFault({
        route: 'profile-post',
        kind: 'rejection',
        messageCode: 'E002',
        count: 1,
      })
      const postsBefore = profileCalls('profile-post')
      sims.faces.admin.editTraveller(entity.facesCompanyId, t.id, { 'name.middle': 'Refused' })
      await engine.whenIdle()
      await realPause(300)
      await engine.whenIdle()
      expect(profileCalls('profile-post') - postsBefore).toBe(1)
      const [rejected] = (await syncLog.query({ entityId: entity.id, outcome: 'rejected' })).records
      expect(rejected?.message).toMatch(
        new RegExp(
          `^Concur needs a field that is empty for ${t.concurLoginId!.replace(/\./g, '\\.')} \\(General/LastName\\)`,
        ),
      )
      expect(rejected?.correlationId).toMatch(new RegExp(`^${entity.id}-`))
      expect(
        (await engine.travellers(entity.id)).find((x) => x.loginId === t.concurLoginId)?.lastOutcome,
      ).toBe('rejected')
      await engine.stop('test')
      await world.owner.stop()
    })

    it('still retries what can succeed later (a 500 on POST) until it lands', async () => {
      const { world, engine, syncLog, entity } = await connectedWorld()
      const t = sims.faces.admin.listTravellers(entity.facesCompanyId)[0]!
      sims.concur.admin.injectFault({ route: 'profile-post', kind: 'status-500', count: 6 })
      sims.faces.admin.editTraveller(entity.facesCompanyId, t.id, { 'name.last': 'Eventually' })
      for (let i = 0; i < 200; i++) {
        await engine.whenIdle()
        const inConcur = sims.concur.admin
          .listTravellers(world.companyUuidOf.get(entity.id))
          .some((x) => x.lastName === 'Eventually')
        if (inConcur) break
        await realPause(5)
      }
      expect(
        sims.concur.admin
          .listTravellers(world.companyUuidOf.get(entity.id))
          .some((x) => x.lastName === 'Eventually'),
      ).toBe(true)
      expect((await syncLog.query({ entityId: entity.id, outcome: 'failed' })).total).toBeGreaterThanOrEqual(
        1,
      )
      expect((await syncLog.query({ entityId: entity.id, outcome: 'rejected' })).total).toBe(0)
      await engine.stop('test')
      await world.owner.stop()
    })
  })
})
