/**
 * When polls run: a cron expression (default `5,20,35,50 * * * *`, Europe/Zurich), with no
 * overlapping ticks and a catch-up hook for missed slots.
 *
 * node-cron 4.6 repeats/skips around DST switches in zones with DST (a 75-minute gap on the
 * autumn switch). Europe/Zurich is always a whole-hour offset from UTC, so a schedule whose hour
 * field is `*` fires at the same instants in UTC; we then hand node-cron `UTC`, which has no DST
 * to get wrong. Any other expression keeps its zone. adapters/cron/node-cron-port.test.ts runs the
 * real node-cron across both switch days.
 */
import type { Logger } from '../../logging/logger'

/** A scheduled cron task (node-cron in production; a fake in tests). */
export interface CronTask {
  stop(): void
  /** Next fire time in epoch ms, or null. */
  nextRunAtMs(): number | null
}

/** Port over a cron library. */
export interface CronPort {
  /** Schedules `onTick` on `expression` in `timeZone`; `onMissed` is called for slots the library skipped. */
  schedule(expression: string, timeZone: string, onTick: () => void, onMissed: () => void): CronTask
  validate(expression: string): boolean
}

/** The poll scheduler. */
export interface PollScheduler {
  start(): void
  stop(): void
  nextRunAtMs(): number | null
  /** The zone actually handed to the cron library. */
  readonly effectiveTimeZone: string
}

/** Dependencies of the scheduler. */
export type PollSchedulerDeps = Readonly<{
  cron: CronPort
  expression: string
  timeZone: string
  log: Logger
  onTick: () => void
  onMissed: () => void
}>

const WHOLE_HOUR_ZONES = new Set([
  'Europe/Zurich',
  'Europe/Berlin',
  'Europe/Vienna',
  'Europe/Paris',
  'Europe/Brussels',
  'Europe/Amsterdam',
  'CET',
  'UTC',
  'Etc/UTC',
  'Europe/London',
])

/** The zone to give node-cron: UTC when that yields the same instants (see the file comment). */
export function effectiveCronZone(expression: string, timeZone: string): string {
  const fields = expression.trim().split(/\s+/)
  // 5 fields: minute hour dom month dow. Same instants in UTC only when hour/dom/month/dow are all '*'.
  const sameInUtc =
    fields.length === 5 && fields.slice(1).every((f) => f === '*') && WHOLE_HOUR_ZONES.has(timeZone)
  return sameInUtc ? 'UTC' : timeZone
}

/** Creates the poll scheduler. */
export function createPollScheduler(deps: PollSchedulerDeps): PollScheduler {
  if (!deps.cron.validate(deps.expression)) {
    throw new Error(
      `Expected a 5-field cron expression such as "5,20,35,50 * * * *", got "${deps.expression}"`,
    )
  }
  const zone = effectiveCronZone(deps.expression, deps.timeZone)
  let task: CronTask | null = null
  return {
    effectiveTimeZone: zone,
    start() {
      if (task) return
      deps.log.info(`scheduler: start "${deps.expression}" in ${zone} (configured ${deps.timeZone})`)
      task = deps.cron.schedule(deps.expression, zone, deps.onTick, () => {
        deps.log.warn('scheduler: a slot was missed (sleep or busy loop); catching up')
        deps.onMissed()
      })
    },
    stop() {
      task?.stop()
      task = null
    },
    nextRunAtMs: () => task?.nextRunAtMs() ?? null,
  }
}
