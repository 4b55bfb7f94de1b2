import { afterEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { createNodeCronPort } from './node-cron-port'
import { createPollScheduler, effectiveCronZone, type CronPort } from './poll-scheduler'

afterEach(() => {
  vi.useRealTimers()
})

/** Runs the real node-cron under fake timers from `startIso` for `hours`, returning the UTC tick instants. */
async function ticksOver(startIso: string, hours: number, timeZone = 'Europe/Zurich'): Promise<string[]> {
  vi.useFakeTimers({ now: new Date(startIso) })
  const ticks: string[] = []
  const scheduler = createPollScheduler({
    cron: createNodeCronPort(),
    expression: '5,20,35,50 * * * *',
    timeZone,
    log: silentLogger,
    onTick: () => void ticks.push(new Date().toISOString().slice(0, 16)),
    onMissed: () => {},
  })
  scheduler.start()
  for (let m = 0; m < hours * 60; m++) await vi.advanceTimersByTimeAsync(60_000)
  scheduler.stop()
  return ticks
}

describe('poll scheduler', () => {
  it('hands node-cron UTC for the quarter-hour schedule in Zurich, and the configured zone otherwise', () => {
    expect(effectiveCronZone('5,20,35,50 * * * *', 'Europe/Zurich')).toBe('UTC')
    expect(effectiveCronZone('0 6 * * 1-5', 'Europe/Zurich')).toBe('Europe/Zurich')
    expect(effectiveCronZone('5,20,35,50 * * * *', 'Asia/Kolkata')).toBe('Asia/Kolkata')
  })

  it('rejects an expression that is not five cron fields', () => {
    expect(() =>
      createPollScheduler({
        cron: createNodeCronPort(),
        expression: 'every 15 minutes',
        timeZone: 'UTC',
        log: silentLogger,
        onTick() {},
        onMissed() {},
      }),
    ).toThrow(/5-field cron expression/)
  })

  it.each([
    ['spring-forward day', '2026-03-28T22:00:00Z'],
    ['fall-back day', '2026-10-24T22:00:00Z'],
  ])(
    'fires exactly four times an hour at :05/:20/:35/:50 local across the %s',
    async (_name, startIso) => {
      const ticks = await ticksOver(startIso, 26)
      expect(ticks).toHaveLength(26 * 4)
      expect(new Set(ticks).size).toBe(ticks.length)
      for (const t of ticks) expect(['05', '20', '35', '50']).toContain(t.slice(14, 16))
      const gaps = ticks.slice(1).map((t, i) => Date.parse(t + 'Z') - Date.parse(ticks[i]! + 'Z'))
      expect(new Set(gaps)).toEqual(new Set([15 * 60_000]))
    },
    60_000,
  )

  it('reports the next run time', () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T10:07:00Z') })
    const scheduler = createPollScheduler({
      cron: createNodeCronPort(),
      expression: '5,20,35,50 * * * *',
      timeZone: 'Europe/Zurich',
      log: silentLogger,
      onTick() {},
      onMissed() {},
    })
    scheduler.start()
    expect(new Date(scheduler.nextRunAtMs()!).toISOString()).toBe('2026-06-01T10:20:00.000Z')
    scheduler.stop()
    expect(scheduler.nextRunAtMs()).toBeNull()
  })

  it('forwards missed slots to the catch-up hook', () => {
    let missed: (() => void) | null = null
    const fake: CronPort = {
      validate: () => true,
      schedule: (_e, _z, _tick, onMissed) => ((missed = onMissed), { stop() {}, nextRunAtMs: () => null }),
    }
    let caughtUp = 0
    const s = createPollScheduler({
      cron: fake,
      expression: '5,20,35,50 * * * *',
      timeZone: 'Europe/Zurich',
      log: silentLogger,
      onTick() {},
      onMissed: () => caughtUp++,
    })
    s.start()
    missed!()
    expect(caughtUp).toBe(1)
  })
})
