/**
 * Who runs on a store: every desk instance registers itself (id, host, pid, start) and beats a
 * heartbeat while it runs, so About shows the team's instances and when each was last seen. The
 * adapter (adapters/storage/team/sql-instance-registry.ts) keeps them in `team_instances`.
 */
import type { DeskInstanceView } from '../../../shared/model'
import type { Logger } from '../../logging/logger'
import type { Clock } from '../ports'

/** One instance as About shows it (the shared model's view: the same fields). */
export type DeskInstance = DeskInstanceView

/** The rows behind the registry. */
export interface InstanceRows {
  /** Inserts this instance; returns its sync-log lane (unique among the store's recent instances). */
  register(row: { instanceId: string; host: string; pid: number; nowMs: number }): Promise<number>
  beat(instanceId: string, nowMs: number): Promise<void>
  stopped(instanceId: string, nowMs: number): Promise<void>
  /** Instances seen since `sinceMs`, most recent first. */
  list(sinceMs: number): Promise<Array<Omit<DeskInstance, 'alive' | 'self'>>>
}

/** The registry of one running instance. */
export interface InstanceRegistry {
  readonly instanceId: string
  /** Registers and starts the heartbeat; resolves with the sync-log lane. */
  start(): Promise<number>
  list(): Promise<DeskInstance[]>
  /** Stops the heartbeat and marks the instance stopped. */
  stop(): Promise<void>
  /** Kill emulation: the heartbeat stops, nothing is marked. */
  freeze(): void
}

/** Builds the registry over its rows. */
export function createInstanceRegistry(deps: {
  rows: InstanceRows
  instanceId: string
  host: string
  pid: number
  clock: Clock
  log: Logger
  /** @default 15000 */
  heartbeatMs?: number
}): InstanceRegistry {
  const heartbeatMs = deps.heartbeatMs ?? 15_000
  const ended = new AbortController()
  let frozen = false
  return {
    instanceId: deps.instanceId,
    async start() {
      const lane = await deps.rows.register({
        instanceId: deps.instanceId,
        host: deps.host,
        pid: deps.pid,
        nowMs: deps.clock.nowMs(),
      })
      void (async () => {
        while (!ended.signal.aborted) {
          await deps.clock.wait(heartbeatMs, ended.signal).catch(() => {})
          if (ended.signal.aborted || frozen) return
          await deps.rows
            .beat(deps.instanceId, deps.clock.nowMs())
            .catch((err: unknown) => deps.log.warn('instances: heartbeat failed', { err }))
        }
      })()
      return lane
    },
    async list() {
      const now = deps.clock.nowMs()
      const rows = await deps.rows.list(now - 24 * 3_600_000)
      return rows.map((r) => ({
        ...r,
        alive: r.stoppedAtMs === null && now - r.lastSeenMs <= 3 * heartbeatMs,
        self: r.instanceId === deps.instanceId,
      }))
    },
    async stop() {
      ended.abort()
      if (!frozen) await deps.rows.stopped(deps.instanceId, deps.clock.nowMs()).catch(() => {})
    },
    freeze() {
      frozen = true
      ended.abort()
    },
  }
}
