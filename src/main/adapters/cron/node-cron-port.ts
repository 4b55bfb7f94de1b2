/**
 * The CronPort over node-cron 4. `noOverlap` keeps one tick at a time (the engine itself also
 * never starts a second run for an entity); `execution:missed` is forwarded so the engine catches
 * up, because node-cron 4 silently skips missed slots.
 */
import { createTask, validate } from 'node-cron'
import type { CronPort } from '../../core/scheduler/poll-scheduler'

/** node-cron as a CronPort. */
export function createNodeCronPort(): CronPort {
  return {
    validate: (expression) => validate(expression) && expression.trim().split(/\s+/).length === 5,
    schedule(expression, timeZone, onTick, onMissed) {
      const task = createTask(expression, () => onTick(), {
        timezone: timeZone,
        noOverlap: true,
        name: 'desk-poll',
      })
      task.on('execution:missed', () => onMissed())
      void task.start()
      return {
        stop: () => void task.destroy(),
        nextRunAtMs: () => task.getNextRun()?.getTime() ?? null,
      }
    },
  }
}
