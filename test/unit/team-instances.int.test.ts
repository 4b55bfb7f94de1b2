/**
 * Two team-desk instances on one real PostgreSQL schema against the strict simulators over real
 * loopback HTTP, on a scaled clock (1 real ms = 200 virtual ms). Every slot both instances tick at
 * once; in most slots one of them is killed mid-cycle (abruptly: see team-instance.test-helper.ts)
 * and a fresh instance takes its place. Edits land on both sides between slots. Afterwards:
 * every entity was polled exactly once per slot (polls counted per (entity, slot) at the Concur
 * simulator; a poll that a dead instance left behind and the survivor took over is the only
 * allowed second one, and it is counted by the lease row), every change is in both systems
 * exactly once (no lost edit, no duplicate traveller, no bounced write), no refresh hit 108, and
 * the survivor took over within one poll interval.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshLocation } from '../../src/main/adapters/storage/test-backends.test-helper'
import { parseProfileXml } from '../../src/main/core/concur/concur-client'
import { createScaledClock, createWorld, startSims, type Sims, type World } from '../support/sync-harness'
import { createSharedWork } from '../../src/main/core/team/shared-work'
import { createLocalLeaseStore } from '../../src/main/core/team/lease-store'
import { silentLogger } from '../../src/main/logging/logger'
import { createPostgresCredentialLock } from '../../src/main/adapters/storage/team/pg-credential-lock'
import { openTestStorage } from '../../src/main/adapters/storage/test-backends.test-helper'
import {
  createSharedSecretsDouble,
  startTeamInstance,
  type ClaimRecord,
  type TeamInstance,
} from './team-instance.test-helper'

const ENTITIES = 6
const TRAVELLERS = 3
const SLOTS = 8
const SCALE = 200
const INTERVAL_MS = 15 * 60_000
const LEASE = { ttlMs: 120_000, sweepMs: 30_000 }

let sims: Sims
const realPause = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  sims = await startSims({ clock: createScaledClock(SCALE, Date.UTC(2026, 5, 1, 8, 4, 0)) })
})
afterAll(async () => {
  await sims.stop()
})

/** Waits (real time) until `cond` holds, or fails after `realMs`. */
async function until(cond: () => Promise<boolean> | boolean, realMs: number, what: string): Promise<void> {
  const t0 = Date.now()
  while (!(await cond())) {
    if (Date.now() - t0 > realMs) throw new Error(`timed out waiting for ${what}`)
    await realPause(5)
  }
}

describe('team desk: two instances on one PostgreSQL', () => {
  it('polls each entity once per slot, keeps every change exactly once, no 108, takes over within an interval', async () => {
    const location = freshLocation('postgres')
    if (location.kind !== 'postgres') throw new Error('postgres expected')
    // The world's credentials are exchanged into the shared store (secrets: the B2 stand-in).
    const seed = await openTestStorage('postgres', { location, clock: sims.clock, instances: 'shared' })
    const seedLock = createPostgresCredentialLock({ url: location.url, schema: location.schema })
    const world: World = await createWorld(sims, {
      entities: ENTITIES,
      travellersPerEntity: TRAVELLERS,
      tag: `team${Date.now().toString(36)}`,
      credentialParts: {
        secrets: await createSharedSecretsDouble(seed.db),
        meta: seed.storage.credentialMeta,
        lock: seedLock,
      },
    })
    await world.owner.stop()
    const db = seed.db
    const uuidOf = (id: string) => world.companyUuidOf.get(id)!
    const loginOf = (e: number, t: number) => `u${t}.${world.entities[e]!.id}@corp.test`
    const expected = world.entities.map(() =>
      [...Array(TRAVELLERS)].map((__, t) => ({ first: `First${t}`, last: `Last${t}` })),
    )
    let facesEdits = 0
    let concurPosts = 0
    const all: TeamInstance[] = []
    const claims: ClaimRecord[] = []
    const start = async (name: string) => {
      const inst = await startTeamInstance(sims, world, location, name, LEASE, claims)
      all.push(inst)
      return inst
    }
    let live = [await start('a0'), await start('b0')]
    const slotOf = createSharedWork({
      leases: createLocalLeaseStore('x', () => 0),
      clock: sims.clock,
      log: silentLogger,
    }).slotOf
    const slots: number[] = []
    // Where each slot's tick starts in the simulator's request log: a slot's polls are the summary
    // calls from its tick to the next (the test waits for every poll of a slot to finish first).
    const logStarts: number[] = []
    const doneIn = async (slot: number) =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM team_leases
          WHERE slot_ms = ${slot} AND state = 'done'`.execute(db)
      ).rows[0]!.n === ENTITIES
    const takeoverLagsMs: number[] = []
    let kills = 0
    try {
      for (let k = 0; k < SLOTS; k++) {
        // A poll still running when a slot ticks (a restarted instance's catch-up) covers that slot
        // without a summary call of its own; each slot here starts with no poll under way.
        for (const inst of live) await inst.engine.whenIdle()
        // Into the next slot, 30 virtual seconds past its start.
        const next = slotOf(sims.clock.nowMs()) + INTERVAL_MS + 30_000
        await realPause(Math.max(0, (next - sims.clock.nowMs()) / SCALE))
        const slot = slotOf(sims.clock.nowMs())
        slots.push(slot)
        // Edits on both sides (Faces only on travellers it already has).
        const e = k % ENTITIES
        const t = k % TRAVELLERS
        sims.concur.admin.modifyTraveller(uuidOf(world.entities[e]!.id), loginOf(e, t), {
          firstName: `F${k}x`,
        })
        expected[e]![t]!.first = `F${k}x`
        const fe = (k + 3) % ENTITIES
        const ft = (k + 1) % TRAVELLERS
        const ftr = sims.faces.admin
          .listTravellers(world.entities[fe]!.facesCompanyId)
          .find((x) => x.concurLoginId === loginOf(fe, ft))
        if (ftr && k > 0) {
          sims.faces.admin.editTraveller(world.entities[fe]!.facesCompanyId, ftr.id, {
            'name.last': `L${k}y`,
          })
          expected[fe]![ft]!.last = `L${k}y`
          facesEdits++
        }
        logStarts.push(sims.concur.admin.requestLog().length)
        for (const inst of live) inst.cron.tick()
        if (k % 4 !== 3) {
          // Kill one instance mid-cycle (after a few real ms: some of its polls are under way).
          await realPause(1 + (k % 4))
          const victim = live[k % 2]!
          const killedAtMs = sims.clock.nowMs()
          await victim.kill()
          kills++
          concurPosts += victim.engine.counters().concurPosts
          live = live.filter((x) => x !== victim)
          await until(() => doneIn(slot), 30_000, `slot ${k}: every entity's poll done after the kill`).catch(
            async (err) => {
              const rows = await db.selectFrom('team_leases').selectAll().execute()
              throw new Error(`${String(err)} now=${sims.clock.nowMs()} ${JSON.stringify(rows)}`)
            },
          )
          takeoverLagsMs.push(sims.clock.nowMs() - killedAtMs)
          live.push(await start(`${victim.name[0]}${k + 1}`))
        } else {
          await until(() => doneIn(slot), 30_000, `slot ${k}: every entity's poll done`)
        }
      }
      // Recovery: no more kills; one more slot with both, then the feed and the outbox drain.
      for (const inst of live) await inst.engine.whenIdle()
      const next = slotOf(sims.clock.nowMs()) + INTERVAL_MS + 30_000
      await realPause(Math.max(0, (next - sims.clock.nowMs()) / SCALE))
      const last = slotOf(sims.clock.nowMs())
      slots.push(last)
      logStarts.push(sims.concur.admin.requestLog().length)
      for (const inst of live) inst.cron.tick()
      await until(() => doneIn(last), 30_000, 'the last slot: every entity polled')
      const concurView = () =>
        world.entities.map((en) =>
          [...Array(TRAVELLERS)].map((_, t) => {
            const p = parseProfileXml(
              sims.concur.admin.travellerXml(uuidOf(en.id), `u${t}.${en.id}@corp.test`),
            )
            return { first: p.general.firstName ?? '', last: p.general.lastName ?? '' }
          }),
        )
      const facesView = () =>
        world.entities.map((en) =>
          [...Array(TRAVELLERS)].map((_, t) => {
            const ts = sims.faces.admin
              .listTravellers(en.facesCompanyId)
              .filter((x) => x.concurLoginId === `u${t}.${en.id}@corp.test`)
            return ts.length === 1 ? { first: ts[0]!.firstName, last: ts[0]!.lastName } : { count: ts.length }
          }),
        )
      await until(
        () =>
          JSON.stringify(concurView()) === JSON.stringify(expected) &&
          JSON.stringify(facesView()) === JSON.stringify(expected),
        30_000,
        'both systems to hold every edit',
      )
      for (const inst of live) await inst.engine.whenIdle()
      for (const inst of live) {
        concurPosts += inst.engine.counters().concurPosts
        await inst.stop()
      }

      // Polls per (entity, slot) at the simulator: each summary call belongs to the entity's latest
      // claim before it. A slot claimed twice is a takeover of a dead (or stalled) holder's claim.
      const companyToEntity = new Map(world.entities.map((en) => [uuidOf(en.id), en.id]))
      const polls = new Map<string, number>()
      for (const r of sims.concur.admin.requestLog()) {
        if (r.route !== 'summary' || !r.companyUuid || !companyToEntity.has(r.companyUuid)) continue
        const name = `poll:${companyToEntity.get(r.companyUuid)}`
        const claim = claims.filter((c) => c.name === name && c.atMs <= r.atMs).at(-1)
        const key = `${name}@${claim?.slotMs ?? 'unclaimed'}`
        polls.set(key, (polls.get(key) ?? 0) + 1)
      }
      const claimsOf = new Map<string, number>()
      for (const c of claims)
        claimsOf.set(`${c.name}@${c.slotMs}`, (claimsOf.get(`${c.name}@${c.slotMs}`) ?? 0) + 1)
      const leases = await db.selectFrom('team_leases').selectAll().where('name', 'like', 'poll:%').execute()
      const doubled = [...polls]
        .filter(([key, n]) => n > (claimsOf.get(key) ?? 0))
        .map(([k, n]) => `${k}=${n}`)
      expect(doubled).toEqual([])
      // Every ticked slot polled every entity; every claimed slot ended done; takeovers match the rows.
      const unpolled = slots.flatMap((slot) =>
        world.entities
          .filter((en) => !polls.get(`poll:${en.id}@${slot}`))
          .map((en) => `poll:${en.id}@${slot}`),
      )
      expect(unpolled).toEqual([])
      expect(leases.every((l) => l.state === 'done')).toBe(true)
      const takeovers = leases.reduce((n, l) => n + l.takeovers, 0)
      expect(claims.filter((c) => c.name.startsWith('poll:')).length).toBe(leases.length + takeovers)
      // Exactly once: no duplicate traveller, and one Concur POST per Faces edit (no bounced write).
      expect(facesView()).toEqual(expected)
      expect(concurView()).toEqual(expected)
      expect(concurPosts).toBe(facesEdits)
      // No refresh ever hit 108 (one owner per credential across instances).
      const invalid = sims.concur.admin
        .requestLog()
        .filter((r) => r.route === 'token' && String(r.code) === '108')
      expect(invalid).toEqual([])
      expect(kills).toBeGreaterThanOrEqual(6)
      expect(Math.max(...takeoverLagsMs)).toBeLessThan(INTERVAL_MS)
      const instances = await live[0]!.registry.list()
      expect(instances.filter((i) => i.alive)).toHaveLength(0)
      expect(instances.length).toBe(all.length)
      // No run stays open: the survivor closed the killed instances' runs, saying why.
      const runRows = await db.selectFrom('sync_runs').select(['state', 'interrupted', 'problem']).execute()
      expect(runRows.filter((r) => r.state === 'queued' || r.state === 'running')).toEqual([])
      const closedBySurvivor = runRows.filter((r) => r.interrupted === 1)
      expect(closedBySurvivor.every((r) => /instance \S+ stopped answering/.test(r.problem ?? ''))).toBe(true)
      console.log(
        `team instances: ${kills} kills, ${slots.length} slots, takeovers ${takeovers}, max takeover lag ${Math.round(Math.max(...takeoverLagsMs) / 1000)} s (virtual)`,
      )
    } finally {
      for (const inst of all) await inst.close()
      await seedLock.close()
      await seed.storage.close()
    }
  }, 120_000)
})
