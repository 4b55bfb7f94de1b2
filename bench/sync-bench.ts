/**
 * Sync benchmark (not a timed test). Three parts, each a markdown table:
 * - cycle: 200 entities × 100 changed profiles in one Concur → Faces cycle against both simulators
 *   (in their own process, latency 50 ms Concur / 30 ms Faces), compared with the bound the allowed
 *   concurrency sets and with a naive sequential client; then Faces → Concur latency at 10 changes/s
 *   (sync/cycle-bench.ts);
 * - steady: profile GETs per changed profile over consecutive 15-minute intervals
 *   (sync/steady-state-bench.ts);
 * - dc-failure: the healthy data centre's throughput while the other answers 500s
 *   (sync/dc-failure-bench.ts);
 * - team (PostgreSQL only): two team-desk instances × 1,000 entities × 20 changed profiles, each
 *   entity's poll claimed by one of them (sync/team-bench.ts).
 *
 * Usage: npm run bench [-- --scenario cycle,steady,dc-failure (default all) --entities 200
 *   --profiles 100 --global 32 --per-dc 16 (the desk's defaults) --f2c-seconds 30
 *   --steady-entities 20 --steady-travellers 200 --steady-cycles 8 --steady-change-rate 0.03
 *   --healthy-entities 10 --failing-entities 4 --failure-profiles 100 --team-entities 1000
 *   --team-profiles 20 --backend sqlite|postgres]
 * The engine keeps its state in a fresh store of --backend (default sqlite); PostgreSQL needs
 * DESK_TEST_POSTGRES_URL (./desk bench starts a throwaway server and sets it).
 */
import { ARGS, wants } from './sync/bench-args'
import { runCycleBench } from './sync/cycle-bench'
import { runDcFailureBench } from './sync/dc-failure-bench'
import { startMemorySampler, stopMemorySampler } from './sync/memory'
import { printTable, type Row } from './sync/report'
import { runSteadyStateBench } from './sync/steady-state-bench'
import { runTeamBench } from './sync/team-bench'
import { simulatorWorker, startWorkerSims } from './sync/worker-sims'

async function main(): Promise<void> {
  startMemorySampler()
  const tables: Array<[string, Row[]]> = []
  // Two instances share a store only on PostgreSQL.
  const team = wants('team') && ARGS.backend === 'postgres'
  if (wants('cycle') || wants('dc-failure') || team) {
    const { rpc, urls, stop } = await startWorkerSims()
    try {
      if (wants('cycle')) tables.push(['One Concur → Faces cycle', await runCycleBench(rpc, urls)])
      if (team) tables.push(['Two team-desk instances on one PostgreSQL', await runTeamBench(rpc, urls)])
      if (wants('dc-failure'))
        tables.push([
          'One data centre failing (healthy data centre throughput)',
          await runDcFailureBench(rpc, urls),
        ])
    } finally {
      await stop()
    }
  }
  if (wants('steady'))
    tables.push(['Steady state: profile GETs per changed profile', await runSteadyStateBench()])
  stopMemorySampler()
  for (const [title, rows] of tables) printTable(title, rows)
  process.stdout.write(`\n(scenarios: ${ARGS.scenarios})\n`)
}

if (process.argv.includes('--simulators')) simulatorWorker()
else
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
