/**
 * Request efficiency in steady state: several consecutive 15-minute intervals on a shifted clock,
 * Concur-side changes at random moments of each interval, a poll at its end (or several, for a desk
 * whose staff press "Sync now" in between). Counts the profile GETs per changed profile against the
 * rows the summary listed: before this change the desk read every listed row, so "rows listed" is
 * exactly what the old engine fetched. Faces must hold every change after each poll.
 *
 * The simulators run in this process on the same shifted clock (only request counts matter here).
 */
import { systemClock } from '../../src/main/core/clock'
import type { Clock } from '../../src/main/core/ports'
import { buildEngine, createWorld, startSims, tempStore } from '../../test/support/sync-harness'
import { ARGS } from './bench-args'
import type { Row } from './report'

const INTERVAL_MS = 15 * 60_000

/** A seeded random in [0, 1) (mulberry32), so every run makes the same changes. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** The counts of one variant. */
type Counts = { changed: number; listed: number; gets: number }
type SteadyResult = Counts & { lost: number; warmUp: Counts }

/** Runs `cycles` intervals with `pollsPerInterval` evenly spaced polls each. */
async function runVariant(pollsPerInterval: number): Promise<SteadyResult> {
  let offsetMs = 0
  const clock: Clock = { nowMs: () => Date.now() + offsetMs, wait: (ms, s) => systemClock.wait(ms, s) }
  const sims = await startSims({ clock, concurLatency: 'none' })
  try {
    const world = await createWorld(sims, {
      entities: ARGS.steadyEntities,
      travellersPerEntity: ARGS.steadyTravellers,
      dataCentres: ['us2', 'eu2'],
      tag: `steady${pollsPerInterval}`,
    })
    // The profiles exist well before the desk first copies them (as in production).
    offsetMs += 60_000
    const { engine } = await buildEngine(sims, world, await tempStore(ARGS.backend), {
      facesToConcur: false,
      maxConcurrentPolls: 16,
    })
    await engine.start('bench')
    await engine.whenIdle()
    const random = seeded(20261128 + pollsPerInterval)
    const gets = () => sims.concur.admin.requestLog().filter((e) => e.route === 'profile-get').length
    const total: SteadyResult = {
      changed: 0,
      listed: 0,
      gets: 0,
      lost: 0,
      warmUp: { changed: 0, listed: 0, gets: 0 },
    }
    const perInterval = Math.round(ARGS.steadyChangeRate * ARGS.steadyTravellers * ARGS.steadyEntities)
    const stepMs = INTERVAL_MS / pollsPerInterval
    for (let cycle = 0; cycle < ARGS.steadyCycles; cycle++) {
      // Each change at a random second of the interval; polls evenly spaced, the last at its end.
      const changes = [...Array(perInterval)].map(() => ({
        atMs: Math.floor(random() * INTERVAL_MS),
        entity: world.entities[Math.floor(random() * world.entities.length)]!,
        t: Math.floor(random() * ARGS.steadyTravellers),
      }))
      changes.sort((a, b) => a.atMs - b.atMs)
      const expected = new Map<string, string>()
      let at = 0
      for (let p = 1; p <= pollsPerInterval; p++) {
        const pollAt = Math.round(p * stepMs)
        const changedBefore = new Set<string>()
        for (const c of changes.filter((x) => x.atMs >= at && x.atMs < pollAt)) {
          offsetMs += c.atMs - at
          at = c.atMs
          const login = `u${c.t}.${c.entity.id}@corp.test`
          const value = `C${cycle}-${at}`
          sims.concur.admin.modifyTraveller(world.companyUuidOf.get(c.entity.id)!, login, { lastName: value })
          expected.set(login, value)
          changedBefore.add(login)
        }
        offsetMs += pollAt - at
        at = pollAt
        const before = gets()
        const runIds = (await engine.trigger('scheduled')).map((r) => r.runId)
        const runs = await Promise.all(runIds.map((id) => engine.waitForRun(id)))
        // The first interval after the initial copy is the warm-up; steady state is every later one.
        const into: Counts = cycle === 0 ? total.warmUp : total
        into.gets += gets() - before
        into.listed += runs.reduce((n, r) => n + (r.profilesTotal ?? 0), 0)
        into.changed += changedBefore.size
      }
      for (const [login, last] of expected) {
        const e = world.entities.find((x) => login.endsWith(`.${x.id}@corp.test`))!
        const t = sims.faces.admin.listTravellers(e.facesCompanyId).find((x) => x.concurLoginId === login)
        if (t?.lastName !== last) total.lost++
      }
    }
    await engine.stop('bench')
    await world.owner.stop()
    return total
  } finally {
    await sims.stop()
  }
}

/** Runs the scenario (one poll per interval, and a busier desk with three) and returns the rows. */
export async function runSteadyStateBench(): Promise<Row[]> {
  const rows: Row[] = []
  const perInterval = Math.round(ARGS.steadyChangeRate * ARGS.steadyTravellers * ARGS.steadyEntities)
  rows.push([
    'Scenario',
    `${ARGS.steadyEntities} entities × ${ARGS.steadyTravellers} travellers, ${ARGS.steadyCycles} consecutive 15-min intervals (the first is the warm-up, counted apart), ${perInterval} Concur changes per interval at random moments (${(ARGS.steadyChangeRate * 100).toFixed(0)} % of travellers), summary overlap 2 min`,
    '',
  ])
  for (const polls of [1, 3]) {
    process.stdout.write(`steady state: ${polls} poll(s) per interval…\n`)
    const r = await runVariant(polls)
    const label =
      polls === 1 ? 'scheduled polls only' : `${polls} polls per interval (Sync now every ${15 / polls} min)`
    rows.push(
      [
        `${label}: changed profiles / summary rows listed / profile GETs`,
        `${r.changed} / ${r.listed} / ${r.gets} (lost ${r.lost})`,
        'lost 0',
      ],
      [
        `${label}: GETs per changed profile before (every listed row read)`,
        `${(r.listed / r.changed).toFixed(2)}`,
        '',
      ],
      [`${label}: GETs per changed profile now`, `**${(r.gets / r.changed).toFixed(3)}**`, '≤ 1.05'],
      [
        `${label}: first interval after the initial copy (changed / listed / GETs)`,
        `${r.warmUp.changed} / ${r.warmUp.listed} / ${r.warmUp.gets}`,
        '',
      ],
    )
  }
  return rows
}
