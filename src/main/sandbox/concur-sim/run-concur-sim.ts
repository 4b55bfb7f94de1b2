import { systemClock } from '../../core/clock'
import { createConcurSimulator } from './concur-simulator'

/**
 * Starts the Concur simulator on loopback with the demo data, for manual use:
 * `npx tsx src/main/sandbox/concur-sim/run-concur-sim.ts`. Prints the URLs and the demo request
 * tokens (fake values, safe to show); Ctrl+C stops it.
 */
async function main(): Promise<void> {
  const sim = createConcurSimulator({ clock: systemClock, seed: Number(process.env['CONCUR_SIM_SEED'] ?? 1) })
  const urls = await sim.start()
  const seed = sim.admin.seedDemo()
  process.stdout.write(
    `${JSON.stringify({ ...urls, adminUrl: `${urls.glzUrl}/_admin/state`, seed }, null, 2)}\n`,
  )
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
