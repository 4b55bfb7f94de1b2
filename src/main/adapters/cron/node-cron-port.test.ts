import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPollScheduler } from '../../core/scheduler/poll-scheduler'
import { silentLogger } from '../../logging/logger'
import { createNodeCronPort } from './node-cron-port'

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

describe('the node-cron port under the poll scheduler', () => {
  it('rejects an expression that is not five cron fields', () => {
    const cron = createNodeCronPort()
    expect(cron.validate('5,20,35,50 * * * *')).toBe(true)
    expect(cron.validate('0 5,20,35,50 * * * *')).toBe(false)
    expect(() =>
      createPollScheduler({
        cron,
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
})
