/**
 * Property-based fault suite: random schedules of faults (5xx, 429, timeouts, dropped and
 * malformed responses) on BOTH simulators over real loopback HTTP, concurrent edits on both sides
 * and kills mid-run (the engine is stopped abruptly and a new one is built over the same data
 * folder). The Concur simulator runs its strict defaults: every refresh rotates the refresh token
 * and kills the old one, so every rotation must reach Faces through the credential owner. After
 * recovery every edit must be in both systems exactly once: no lost change, no duplicate
 * traveller, no echo (a desk write that bounces back as a further write); Faces must hold the live
 * generation, and no refresh may ever have hit code 108.
 *
 * Schedules are generated from a fixed seed (reproducible); the interleaving with the engine's
 * own work is real concurrency, so a failing seed is re-run with FAULT_SEED/FAULT_PATH to replay.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseProfileXml } from '../../src/main/core/concur/concur-client'
import type { SyncEngine } from '../../src/main/core/sync/sync-engine'
import {
  buildEngine,
  createScaledClock,
  createWorld,
  startSims,
  closeTempStores,
  tempStore,
  type Sims,
  type World,
} from '../support/sync-harness'
import type { SimFault } from '../../src/main/sandbox/faces-sim/faces-simulator'
import { BACKENDS, type Backend } from '../../src/main/adapters/storage/test-backends.test-helper'
import type { DeskStorage } from '../../src/main/core/desk-storage'
import type { FaultRule } from '../../src/main/sandbox/concur-sim/concur-simulator'

const NUM_RUNS = Number(process.env['FAULT_RUNS'] ?? 1000)
const SEED = Number(process.env['FAULT_SEED'] ?? 20261128)
const TRAVELLERS = 3

type Step =
  | { kind: 'concur-edit'; t: number; value: string }
  | { kind: 'faces-edit'; t: number; field: 'name.last' | 'name.middle'; value: string }
  | { kind: 'concur-fault'; rule: FaultRule }
  | { kind: 'faces-fault'; fault: SimFault }
  | { kind: 'poll' }
  | { kind: 'rotate' }
  | { kind: 'kill' }
  | { kind: 'pause'; ms: number }

const word = fc.stringMatching(/^[A-Z][a-z]{2,6}$/)
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('concur-edit' as const),
      t: fc.nat(TRAVELLERS - 1),
      value: word,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('faces-edit' as const),
      t: fc.nat(TRAVELLERS - 1),
      field: fc.constantFrom('name.last' as const, 'name.middle' as const),
      value: word,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('concur-fault' as const),
      rule: fc.record({
        route: fc.constantFrom(
          'summary' as const,
          'profile-get' as const,
          'profile-post' as const,
          'any' as const,
        ),
        kind: fc.constantFrom(
          'status-500' as const,
          'status-503' as const,
          'status-429' as const,
          'drop' as const,
          'malformed-xml' as const,
          'timeout' as const,
        ),
        count: fc.integer({ min: 1, max: 3 }),
        retryAfterSec: fc.constant(1),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('faces-fault' as const),
      fault: fc.record({
        kind: fc.constantFrom(
          '5xx' as const,
          '429' as const,
          'timeout' as const,
          'malformed' as const,
          'drop-after-apply' as const,
        ),
        count: fc.integer({ min: 1, max: 3 }),
        retryAfterS: fc.constant(1),
        hangMs: fc.constant(20),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'poll' as const }) },
  // A refresh while the engine works: the strict Concur rotates, Faces must follow.
  { weight: 1, arbitrary: fc.constant({ kind: 'rotate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'kill' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 8 }) }),
  },
)

let sims: Sims
const stores: Partial<Record<Backend, DeskStorage>> = {}
let runNo = 0
const totals = {
  runs: 0,
  kills: 0,
  faults: 0,
  edits: 0,
  lost: 0,
  duplicated: 0,
  echoes: 0,
  refreshes: 0,
  generationsVerified: 0,
  staleInFaces: 0,
  invalidGrants: 0,
  /** Profile GETs the engine skipped as already applied (the overlap's re-listings). */
  getsSkipped: 0,
  realMs: 0,
}

beforeAll(async () => {
  // 1 real ms = 1 virtual s: Concur's one-second timestamps advance quickly, backoffs and Retry-After waits are short.
  sims = await startSims({ clock: createScaledClock(1000) })
})
afterAll(async () => {
  await closeTempStores()
  await sims.stop()
  console.log(`fault suite: ${JSON.stringify(totals)}`)
})

const realPause = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function runSchedule(backend: Backend, steps: Step[]): Promise<void> {
  const t0 = performance.now()
  sims.faces.admin.reset()
  sims.concur.admin.clearFaults()
  const world: World = await createWorld(sims, {
    entities: 1,
    travellersPerEntity: TRAVELLERS,
    tag: `f${++runNo}`,
    concurTimeoutMs: 300,
  })
  const entity = world.entities[0]!
  const uuid = world.companyUuidOf.get(entity.id)!
  const logins = [...Array(TRAVELLERS)].map((_, i) => `u${i}.${entity.id}@corp.test`)
  // One store per backend, emptied per schedule (the Faces simulator's feed starts again too); a
  // kill leaves it as the killed engine left it, and the next engine reads it from there.
  const store: DeskStorage = (stores[backend] ??= await tempStore(backend))
  await store.clear()
  // The model: what every system must hold at the end.
  const expected = logins.map((_, i) => ({ first: `First${i}`, last: `Last${i}`, middle: '' }))
  let concurEditsApplied = 0
  let facesEditsApplied = 0
  let engine: SyncEngine = (await buildEngine(sims, world, store, { chunkSize: 2 })).engine
  const counters = { concurPosts: 0, facesWrites: 0 }
  const absorb = (e: SyncEngine) => {
    const c = e.counters()
    counters.concurPosts += c.concurPosts
    counters.facesWrites += c.facesWrites
    totals.getsSkipped += c.profileGetsSkipped
  }
  await engine.start('fault-run')
  for (const step of steps) {
    switch (step.kind) {
      case 'concur-edit':
        sims.concur.admin.modifyTraveller(uuid, logins[step.t]!, { firstName: step.value })
        if (expected[step.t]!.first !== step.value) concurEditsApplied++
        expected[step.t]!.first = step.value
        break
      case 'faces-edit': {
        // A Faces user can only edit a traveller Faces already has; before the first poll it may not exist yet.
        const t = sims.faces.admin
          .listTravellers(entity.facesCompanyId)
          .find((x) => x.concurLoginId === logins[step.t])
        if (!t) break
        sims.faces.admin.editTraveller(entity.facesCompanyId, t.id, { [step.field]: step.value })
        const key = step.field === 'name.last' ? 'last' : 'middle'
        if (expected[step.t]![key] !== step.value) facesEditsApplied++
        expected[step.t]![key] = step.value
        break
      }
      case 'concur-fault':
        sims.concur.admin.injectFault(step.rule)
        totals.faults++
        break
      case 'faces-fault':
        sims.faces.admin.injectFault(step.fault)
        totals.faults++
        break
      case 'poll':
        await engine.runEntity(entity.id)
        break
      case 'rotate':
        // Faults may fail it (it is retried by the next call); what matters is what Faces ends up with.
        await world.owner.refreshNow(entity.id).catch(() => {})
        break
      case 'kill':
        totals.kills++
        await engine.kill()
        absorb(engine)
        engine = (await buildEngine(sims, world, store, { chunkSize: 2 })).engine
        await engine.start('restart')
        break
      case 'pause':
        await realPause(step.ms)
        break
    }
  }
  totals.edits += concurEditsApplied + facesEditsApplied
  // Recovery: faults stop, the engine keeps going until both sides hold the model and nothing moves.
  sims.concur.admin.clearFaults()
  sims.faces.admin.clearFaults()
  const concurView = () =>
    logins.map((login) => {
      const p = parseProfileXml(sims.concur.admin.travellerXml(uuid, login))
      return {
        first: p.general.firstName ?? '',
        last: p.general.lastName ?? '',
        middle: p.general.middleName ?? '',
      }
    })
  const facesView = () =>
    logins.map((login) => {
      const ts = sims.faces.admin
        .listTravellers(entity.facesCompanyId)
        .filter((x) => x.concurLoginId === login)
      return ts.length === 1
        ? { first: ts[0]!.firstName, last: ts[0]!.lastName, middle: ts[0]!.middleName }
        : { count: ts.length }
    })
  for (let round = 0; round < 12; round++) {
    await engine.waitForRun((await engine.runEntity(entity.id)).runId)
    await engine.whenIdle()
    while (engine.counters().feedCursor < sims.faces.admin.stats().changes) {
      await realPause(1)
      await engine.whenIdle()
    }
    await engine.whenIdle()
    if (
      JSON.stringify(concurView()) === JSON.stringify(expected) &&
      JSON.stringify(facesView()) === JSON.stringify(expected)
    )
      break
  }
  // One more full cycle at rest must not write anything: a desk write that triggers another is an echo.
  const before = { faces: sims.faces.admin.stats().changes, posts: engine.counters().concurPosts }
  await engine.waitForRun((await engine.runEntity(entity.id)).runId)
  await engine.whenIdle()
  const echoesAtRest =
    sims.faces.admin.stats().changes - before.faces + (engine.counters().concurPosts - before.posts)
  await engine.stop('end')
  // One owner per credential: Faces must end up holding the generation the keychain holds.
  const live = await world.credentials.loadSecret(entity.id)
  const facesGeneration = () =>
    sims.faces.admin.getCompany(entity.facesCompanyId)?.concurLink?.refreshTokenGeneration ?? null
  for (let i = 0; i < 200 && facesGeneration() !== live?.generation; i++) await realPause(5)
  await world.owner.stop()
  const inStep =
    live !== null &&
    facesGeneration() === live.generation &&
    sims.faces.admin.getCompany(entity.facesCompanyId)?.concurLink?.refreshToken === live.refreshToken &&
    sims.concur.admin.refreshTokenState(live.refreshToken) === 'live'
  if (inStep) totals.generationsVerified++
  else totals.staleInFaces++
  totals.refreshes += Math.max(0, (live?.generation ?? 1) - 1)
  absorb(engine)
  const faces = facesView()
  const duplicated =
    faces.filter((f) => 'count' in f && (f.count ?? 0) > 1).length +
    (sims.faces.admin.listTravellers(entity.facesCompanyId).length - TRAVELLERS)
  const concur = concurView()
  const lost = expected.filter(
    (e, i) =>
      JSON.stringify(e) !== JSON.stringify(concur[i]) || JSON.stringify(e) !== JSON.stringify(faces[i]),
  ).length
  // Every write must carry a change: at most one Concur POST per Faces edit, one Faces write per Concur edit (+ first copy).
  const bouncedPosts = Math.max(0, counters.concurPosts - facesEditsApplied)
  const echoes = echoesAtRest + bouncedPosts
  totals.runs++
  totals.lost += lost
  totals.duplicated += Math.max(0, duplicated)
  totals.echoes += echoes
  totals.realMs += performance.now() - t0
  if (lost || duplicated || echoes || !inStep) {
    throw new Error(
      `lost=${lost} duplicated=${duplicated} echoes=${echoes} facesInStep=${inStep} (atRest=${echoesAtRest}, posts=${counters.concurPosts}/${facesEditsApplied})\nexpected=${JSON.stringify(expected)}\nconcur=${JSON.stringify(concur)}\nfaces=${JSON.stringify(faces)}`,
    )
  }
}

describe.each(BACKENDS)('sync under faults, concurrent edits and kills, on %s', (backend) => {
  it(`keeps every change exactly once in both systems over ${NUM_RUNS} seeded schedules`, async () => {
    const before = { ...totals }
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), (steps) =>
        runSchedule(backend, steps),
      ),
      {
        seed: SEED,
        numRuns: NUM_RUNS,
        endOnFailure: true,
        ...(process.env['FAULT_PATH'] ? { path: process.env['FAULT_PATH'] } : {}),
      },
    )
    totals.invalidGrants = sims.concur.admin.requestLog().filter((e) => e.code === 108).length
    expect(totals).toMatchObject({ lost: 0, duplicated: 0, echoes: 0, staleInFaces: 0, invalidGrants: 0 })
    expect(totals.runs - before.runs).toBeGreaterThanOrEqual(NUM_RUNS)
    expect(totals.kills - before.kills).toBeGreaterThan(0)
    expect(totals.generationsVerified).toBe(totals.runs)
  })
})
