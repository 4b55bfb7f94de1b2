/**
 * No wasted requests (the strict Concur simulator over real HTTP, on a manual clock): the summary
 * overlap lists changes the desk already applied, and their profiles are not read again; a new
 * change is read once; a full resync reads everything; and a second edit within the same Concur
 * second as the one the desk read is never skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import {
  buildEngine,
  createWorld,
  startSims,
  closeTempStores,
  tempStore,
  type Sims,
} from '../../../../test/support/sync-harness'

const clock = createManualClock(Date.UTC(2026, 5, 1, 8, 0, 0))
let sims: Sims
beforeAll(async () => {
  // Nothing advances this clock during a request, so the simulated processing time is off.
  sims = await startSims({ clock, concurLatency: 'none' })
})
afterAll(async () => {
  await sims.stop()
  await closeTempStores()
})

const gets = () => sims.concur.admin.requestLog().filter((e) => e.route === 'profile-get').length

async function setup(tag: string) {
  const world = await createWorld(sims, { entities: 1, travellersPerEntity: 5, tag })
  const { engine } = await buildEngine(sims, world, await tempStore(), { facesToConcur: false })
  await engine.start('test')
  await engine.whenIdle()
  const e = world.entities[0]!
  const uuid = world.companyUuidOf.get(e.id)!
  /** One manual poll: the profile GETs it made and the run's view. */
  const poll = async (full = false) => {
    const before = gets()
    const run = await engine.waitForRun((await engine.runEntity(e.id, { full })).runId)
    return { gets: gets() - before, run }
  }
  const login = (t: number) => `u${t}.${e.id}@corp.test`
  const facesLast = (t: number) =>
    sims.faces.admin.listTravellers(e.facesCompanyId).find((x) => x.concurLoginId === login(t))?.lastName
  return { engine, e, uuid, poll, login, facesLast }
}

describe('profile GETs per change', () => {
  it('reads each change once and skips what the overlap lists again; a full resync reads all', async () => {
    const s = await setup('rq1')
    // The first copy was read in the same second the profiles were stamped: read once more, then settled.
    await clock.advance(10_000)
    expect((await s.poll()).gets).toBe(5)
    await clock.advance(10_000)
    const idle = await s.poll()
    expect(idle).toMatchObject({ gets: 0, run: { state: 'done', profilesTotal: 5, profilesDone: 5 } })
    expect(s.engine.counters().profileGetsSkipped).toBe(5)

    sims.concur.admin.modifyTraveller(s.uuid, s.login(1), { lastName: 'Changed' })
    await clock.advance(10_000)
    expect((await s.poll()).gets).toBe(1)
    expect(s.facesLast(1)).toBe('Changed')
    await clock.advance(10_000)
    expect((await s.poll()).gets).toBe(0)

    expect((await s.poll(true)).gets).toBe(5)
    await s.engine.stop('test')
  })

  it('never skips a second edit made in the same Concur second as the one it read', async () => {
    const s = await setup('rq2')
    await clock.advance(10_000)
    await s.poll()
    await clock.advance(10_000)
    expect((await s.poll()).gets).toBe(0)
    // Edit, poll and edit again without the clock leaving the second: both edits carry one stamp.
    sims.concur.admin.modifyTraveller(s.uuid, s.login(2), { lastName: 'First' })
    expect((await s.poll()).gets).toBe(1)
    expect(s.facesLast(2)).toBe('First')
    sims.concur.admin.modifyTraveller(s.uuid, s.login(2), { lastName: 'Second' })
    await clock.advance(10_000)
    expect((await s.poll()).gets).toBe(1)
    expect(s.facesLast(2)).toBe('Second')
    await s.engine.stop('test')
  })
})
