/**
 * The simulators in a child process, so neither their CPU nor their memory counts as the desk's
 * (in production Concur and Faces are other machines). The desk process talks to their admin APIs
 * over an IPC message per call.
 */
import { fork } from 'node:child_process'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { systemClock } from '../../src/main/core/clock'
import { startSims } from '../../test/support/sync-harness'
import { ARGS } from './bench-args'

/** One admin call in the simulators' process. */
export type Rpc = (sim: 'concur' | 'faces', method: string, ...args: unknown[]) => Promise<unknown>

/** Event-loop delay as p50 / p99 / max. */
export const lagText = (h: IntervalHistogram): string =>
  `p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(0)} ms`

/** The child's side: starts both simulators and answers admin calls. */
export function simulatorWorker(): void {
  void (async () => {
    // A fixed real-time latency per call (the bound's basis); no extra processing time on the clock.
    const sims = await startSims({
      clock: systemClock,
      concurLatencyMs: ARGS.concurMs,
      concurLatency: 'none',
      facesLatencyMs: ARGS.facesMs,
    })
    const admins = { concur: sims.concur.admin, faces: sims.faces.admin } as unknown as Record<
      string,
      Record<string, (...a: unknown[]) => unknown>
    >
    let lag: IntervalHistogram | null = null
    process.on('message', (m: { id: number; sim: string; method: string; args: unknown[] }) => {
      if (m.method === '__lag') {
        // Event-loop delay of the simulators' process between two calls (start, then read).
        const out = lag ? lagText(lag) : ''
        lag?.disable()
        lag = m.args[0] === 'start' ? monitorEventLoopDelay({ resolution: 5 }) : null
        lag?.enable()
        return void process.send!({ id: m.id, result: out })
      }
      try {
        const admin = admins[m.sim]!
        process.send!({
          id: m.id,
          result:
            m.method === '__stop'
              ? void sims.stop()
              : m.method === '__many' // one message for many calls: [method, argsList]
                ? (m.args[1] as unknown[][]).map((a) => admin[m.args[0] as string]!(...a))
                : admin[m.method]!(...m.args),
        })
      } catch (err) {
        process.send!({ id: m.id, error: String(err) })
      }
    })
    process.send!({ id: 0, result: { glzUrl: sims.glzUrl, facesUrl: sims.facesUrl } })
  })()
}

/** The desk's side: forks the entry script with --simulators. */
export async function startWorkerSims(): Promise<{
  rpc: Rpc
  urls: { glzUrl: string; facesUrl: string }
  stop(): Promise<void>
}> {
  // The entry script again (the bundle, or the .ts file under tsx), in simulator mode.
  const entry = process.argv[1]!
  const worker = fork(entry, [...process.argv.slice(2), '--simulators'], {
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
  })
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  let nextId = 1
  const ready = new Promise<{ glzUrl: string; facesUrl: string }>((resolve) =>
    waiting.set(0, { resolve: resolve as (v: unknown) => void, reject: () => {} }),
  )
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.result)
  })
  const rpc: Rpc = (sim, method, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      waiting.set(id, { resolve, reject })
      worker.send({ id, sim, method, args })
    })
  const urls = await ready
  return {
    rpc,
    urls,
    stop: async () => {
      await rpc('faces', '__stop')
      worker.kill()
    },
  }
}
