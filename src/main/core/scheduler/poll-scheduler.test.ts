import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { createPollScheduler, effectiveCronZone, type CronPort } from './poll-scheduler'

/** A cron port that records what the scheduler asks of it and lets the test fire its hooks. */
function fakeCron(isValid = true) {
  const calls: Array<{ expression: string; timeZone: string }> = []
  const hooks: { tick?: () => void; missed?: () => void; stopped: number } = { stopped: 0 }
  const port: CronPort = {
    validate: () => isValid,
    schedule(expression, timeZone, onTick, onMissed) {
      calls.push({ expression, timeZone })
      hooks.tick = onTick
      hooks.missed = onMissed
      return { stop: () => void hooks.stopped++, nextRunAtMs: () => 42 }
    },
  }
  return { port, calls, hooks }
}

const schedulerOver = (cron: CronPort, counts: { ticks: number; missed: number }) =>
  createPollScheduler({
    cron,
    expression: '5,20,35,50 * * * *',
    timeZone: 'Europe/Zurich',
    log: silentLogger,
    onTick: () => void counts.ticks++,
    onMissed: () => void counts.missed++,
  })

describe('poll scheduler', () => {
  it('hands the cron library UTC for the quarter-hour schedule in Zurich, and the configured zone otherwise', () => {
    expect(effectiveCronZone('5,20,35,50 * * * *', 'Europe/Zurich')).toBe('UTC')
    expect(effectiveCronZone('0 6 * * 1-5', 'Europe/Zurich')).toBe('Europe/Zurich')
    expect(effectiveCronZone('5,20,35,50 * * * *', 'Asia/Kolkata')).toBe('Asia/Kolkata')
  })

  it('refuses an expression its cron port does not accept, naming what it expected', () => {
    expect(() => schedulerOver(fakeCron(false).port, { ticks: 0, missed: 0 })).toThrow(
      /Expected a 5-field cron expression such as "5,20,35,50 \* \* \* \*", got "5,20,35,50 \* \* \* \*"/,
    )
  })

  it('schedules once in the effective zone, forwards ticks and missed slots, and stops its task', () => {
    const cron = fakeCron()
    const counts = { ticks: 0, missed: 0 }
    const s = schedulerOver(cron.port, counts)
    s.start()
    s.start()
    expect(cron.calls).toEqual([{ expression: '5,20,35,50 * * * *', timeZone: 'UTC' }])
    expect(s.effectiveTimeZone).toBe('UTC')
    cron.hooks.tick!()
    cron.hooks.missed!()
    cron.hooks.missed!()
    expect(counts).toEqual({ ticks: 1, missed: 2 })
    expect(s.nextRunAtMs()).toBe(42)
    s.stop()
    expect(cron.hooks.stopped).toBe(1)
    expect(s.nextRunAtMs()).toBeNull()
  })
})
