/**
 * One data centre on a bad day: every profile read at eu2 answers 500, and the desk retries each
 * (4 attempts, backoff from 0.5 s). Measures how fast the healthy data centre (us2) syncs with and
 * without the storm, for the desk's wiring (a rate-gate slot per HTTP attempt) and for the old one
 * (the whole call, backoff included, inside one slot), in the same run over the same simulators.
 */
import { performance } from 'node:perf_hooks'
import { systemClock } from '../../src/main/core/clock'
import { buildEngine, tempStore, type Sims } from '../../test/support/sync-harness'
import { ARGS } from './bench-args'
import { createBenchWorld } from './bench-world'
import { fmt, type Row } from './report'
import { slotStats } from './slot-stats'
import type { Rpc } from './worker-sims'

/** One measurement: healthy-side profiles per second. */
async function measure(
  rpc: Rpc,
  urls: { glzUrl: string; facesUrl: string },
  label: string,
  slots: 'per-attempt' | 'per-call',
  storm: boolean,
): Promise<{ profiles: number; ms: number; perSecond: number; eu2HoldMs: number; eu2BusySlots: number }> {
  const entities = ARGS.healthyEntities + ARGS.failingEntities
  const world = await createBenchWorld(rpc, urls, {
    tag: `dc-${label}`,
    entities,
    profiles: ARGS.failureProfiles,
    dataCentreOf: (i) => (i < ARGS.healthyEntities ? 'us2' : 'eu2'),
    slots,
  })
  const healthy = new Set(
    world.entities.filter((e) => e.geolocation === world.entities[0]!.geolocation).map((e) => e.id),
  )
  await rpc('concur', 'clearFaults')
  if (storm) await rpc('concur', 'injectFault', { route: 'profile-get', kind: 'status-500', server: 'eu2' })
  const { engine } = await buildEngine({ clock: systemClock } as Sims, world, await tempStore(ARGS.backend), {
    facesToConcur: false,
    maxConcurrentPolls: entities,
  })
  const eu2 = world.entities.find((e) => !healthy.has(e.id))!.geolocation!
  slotStats.reset()
  const t0 = performance.now()
  await engine.start('bench')
  const healthyDone = () =>
    engine.runs().filter((r) => healthy.has(r.entityId) && r.finishedAtMs !== null).length === healthy.size
  while (!healthyDone()) await new Promise((r) => setTimeout(r, 10))
  const ms = performance.now() - t0
  slotStats.tick(0)
  const hold = slotStats.holds.get(eu2) ?? { n: 0, ms: 0 }
  const profiles = engine
    .runs()
    .filter((r) => healthy.has(r.entityId))
    .reduce((n, r) => n + r.profilesDone - r.failed, 0)
  await engine.stop('bench')
  await world.owner.stop()
  await rpc('concur', 'clearFaults')
  return {
    profiles,
    ms,
    perSecond: profiles / (ms / 1000),
    eu2HoldMs: hold.n ? hold.ms / hold.n : 0,
    eu2BusySlots: hold.ms / ms,
  }
}

/** Runs the four measurements and returns the rows. */
export async function runDcFailureBench(
  rpc: Rpc,
  urls: { glzUrl: string; facesUrl: string },
): Promise<Row[]> {
  const rows: Row[] = [
    [
      'Scenario',
      `${ARGS.healthyEntities} entities × ${ARGS.failureProfiles} profiles at us2 (healthy) and ${ARGS.failingEntities} at eu2, all polling at once (after one uncounted warm-up pass); storm: every eu2 profile read answers 500 (4 attempts, backoff 0.5 / 1 / 2 s with jitter); global ${ARGS.global}, ${ARGS.perDc} per data centre`,
      '',
    ],
  ]
  // The first engine over fresh simulators runs cold (JIT, sockets): measured apart, never counted.
  process.stdout.write('data-centre failure: warm-up…\n')
  await measure(rpc, urls, 'warm-up', 'per-attempt', false)
  for (const slots of ['per-attempt', 'per-call'] as const) {
    process.stdout.write(`data-centre failure: slots ${slots}…\n`)
    const calm = await measure(rpc, urls, `${slots}-calm`, slots, false)
    const stormy = await measure(rpc, urls, `${slots}-storm`, slots, true)
    const name =
      slots === 'per-attempt' ? 'Slot per HTTP attempt (now)' : 'Slot held for the whole call (before)'
    rows.push(
      [
        `${name}: us2 throughput without / with the eu2 storm`,
        `${calm.perSecond.toFixed(0)} / ${stormy.perSecond.toFixed(0)} profiles/s (${calm.profiles} in ${fmt(calm.ms)} / ${stormy.profiles} in ${fmt(stormy.ms)})`,
        '',
      ],
      [
        `${name}: eu2 during the storm: mean slot hold per call or attempt; slots it holds on average`,
        `${stormy.eu2HoldMs.toFixed(0)} ms; ${stormy.eu2BusySlots.toFixed(1)} of ${ARGS.global}`,
        '',
      ],
      [
        `${name}: us2 throughput during the storm ÷ without`,
        `**${(stormy.perSecond / calm.perSecond).toFixed(2)}**`,
        slots === 'per-attempt' ? '≈ 1' : '',
      ],
    )
  }
  return rows
}
