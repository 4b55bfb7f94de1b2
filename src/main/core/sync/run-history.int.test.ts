/**
 * Run counts, run history and traveller detail over both simulators: the counts a run reports add
 * up and read the same in the run view, the log's run-finished line and the history; a traveller's
 * detail shows both sides, the last change per direction with before/after, and its log history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processedCount } from '../../../shared/run-counts'
import { runHistory } from '../sync-log/run-history'
import {
  buildEngine,
  createScaledClock,
  createWorld,
  startSims,
  closeTempStores,
  tempStore,
  until,
  type Sims,
} from '../../../../test/support/sync-harness'

let sims: Sims
let worldCount = 0
const tag = () => `rh${++worldCount}`

beforeAll(async () => {
  sims = await startSims({ clock: createScaledClock(1000) })
})
afterAll(async () => {
  await sims.stop()
  await closeTempStores()
})

describe('run counts and run history', () => {
  it('labels what each run did, the same in the run view, the log line and the history', async () => {
    const world = await createWorld(sims, { entities: 1, travellersPerEntity: 6, tag: tag() })
    const storage = await tempStore()
    const { engine, syncLog } = await buildEngine(sims, world, storage, { facesToConcur: false })
    await engine.start('test')
    await engine.whenIdle()
    const e = world.entities[0]!
    const first = engine.runs(e.id)[0]!
    expect(first.counts).toMatchObject({ read: 6, written: 6, unchanged: 0, failed: 0 })

    sims.concur.admin.modifyTraveller(world.companyUuidOf.get(e.id)!, `u2.${e.id}@corp.test`, {
      firstName: 'Changed',
    })
    const second = await engine.waitForRun((await engine.runEntity(e.id)).runId)
    // Re-read within the overlap: every profile is read again, only the changed one is written.
    expect(second.counts.written).toBe(1)
    expect(second.counts.read).toBe(second.profilesTotal)
    expect(processedCount(second.counts)).toBe(second.counts.read)

    const records = await syncLog.matching({ entityId: e.id })
    const finished = records.filter((r) => r.kind === 'run-finished' && r.runId === second.runId)
    expect(finished).toHaveLength(1)
    expect(finished[0]!.message).toBe(
      `Manual sync finished: ${second.counts.read} read, ${second.counts.unchanged} unchanged, 1 written`,
    )
    const history = runHistory(records, engine.runs(e.id))
    expect(history.map((h) => [h.kind, h.state])).toEqual([
      ['manual', 'done'],
      ['catch-up', 'done'],
    ])
    expect(history[0]!.counts).toEqual(second.counts)
    await engine.stop('test') // writes the runs' last rows
    // The runs table says the same, so the history outlives the log's retention.
    const stored = await storage.engineStores().runs.history({ entityId: e.id, limit: 10 })
    expect(stored.map((h) => [h.runId, h.kind, h.state, h.counts, h.problem])).toEqual(
      history.map((h) => [h.runId, h.kind, h.state, h.counts, h.problem]),
    )
  })

  it('marks a run cut off by a stop as interrupted in the history of a restarted desk', async () => {
    const world = await createWorld(sims, { entities: 1, travellersPerEntity: 40, tag: tag() })
    const storage = await tempStore()
    const first = await buildEngine(sims, world, storage, { facesToConcur: false, chunkSize: 2 })
    // The simulators serve every test of the file: wait for this run's own first write.
    const createdBefore = sims.faces.admin.stats().created
    await first.engine.start('test')
    await until(() => sims.faces.admin.stats().created > createdBefore)
    const e = world.entities[0]!
    const cut = first.engine.runs(e.id)[0]!
    expect(cut).toMatchObject({ kind: 'catch-up', state: 'running' })
    await first.engine.kill()
    await first.syncLog.close()
    const second = await buildEngine(sims, world, storage, { facesToConcur: false })
    // From the log's run records (e.g. an imported log). The kill emulation stops the stores, not
    // the log, which may still take the run's cancellation.
    const fromLog = runHistory(await second.syncLog.matching({ entityId: e.id }), second.engine.runs(e.id))
    const logged = fromLog.find((h) => h.runId === cut.runId)
    expect(logged).toMatchObject({ kind: 'catch-up' })
    expect(['interrupted', 'cancelled']).toContain(logged!.state)
    // From the runs table, once the restarted engine has closed what the killed one left open.
    await second.engine.start('test')
    const fromTable = await storage.engineStores().runs.history({ entityId: e.id, limit: 10 })
    expect(fromTable.find((h) => h.runId === cut.runId)).toMatchObject({
      kind: 'catch-up',
      state: 'interrupted',
      finishedAtMs: null,
    })
    await second.engine.stop('test')
  })
})

describe('traveller detail', () => {
  it('shows both sides, the last change per direction with before and after, and the history', async () => {
    const world = await createWorld(sims, { entities: 1, travellersPerEntity: 2, tag: tag() })
    const { engine } = await buildEngine(sims, world, await tempStore())
    await engine.start('test')
    await engine.whenIdle()
    const e = world.entities[0]!
    const login = `u1.${e.id}@corp.test`
    const uuid = world.companyUuidOf.get(e.id)!
    const before = sims.concur.admin.listTravellers(uuid).find((t) => t.loginId === login)!
    sims.concur.admin.modifyTraveller(uuid, login, { lastName: 'FromConcur' })
    await engine.waitForRun((await engine.runEntity(e.id)).runId)
    const facesId = sims.faces.admin
      .listTravellers(e.facesCompanyId)
      .find((t) => t.concurLoginId === login)!.id
    sims.faces.admin.editTraveller(e.facesCompanyId, facesId, { 'name.first': 'FromFaces' })
    await until(() =>
      sims.concur.admin.listTravellers(uuid).some((t) => t.loginId === login && t.firstName === 'FromFaces'),
    )
    await engine.whenIdle()

    const detail = await engine.travellerDetail(e.id, login)
    expect(detail).toMatchObject({ loginId: login, facesId, concurProblem: null, facesProblem: null })
    const last = detail.fields.find((f) => f.field === 'name.last')!
    expect(last).toMatchObject({ label: 'Last name', concur: 'FromConcur', faces: 'FromConcur' })
    expect(detail.lastChange.concurToFaces?.changes).toContainEqual({
      field: 'name.last',
      label: 'Last name',
      before: before.lastName,
      after: 'FromConcur',
    })
    expect(detail.lastChange.facesToConcur?.changes).toContainEqual(
      expect.objectContaining({ field: 'name.first', before: before.firstName, after: 'FromFaces' }),
    )
    expect(detail.history.length).toBeGreaterThanOrEqual(2)
    expect(detail.history[0]!.atMs).toBeGreaterThanOrEqual(detail.history.at(-1)!.atMs)

    const unknown = await engine.travellerDetail(e.id, 'nobody@corp.test')
    expect(unknown.concurProblem).toMatch(/no profile/)
    expect(unknown.facesProblem).toMatch(/no traveller/)
    expect(unknown.fields).toEqual([])
    await engine.stop('test')
  })
})
