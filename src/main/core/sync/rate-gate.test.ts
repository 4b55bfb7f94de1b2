import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { createRateGate } from './rate-gate'

describe('rate gate', () => {
  it('never runs more than the per-key and global limits at once', async () => {
    const clock = createManualClock(0)
    const gate = createRateGate({ clock, globalConcurrency: 3, perKeyConcurrency: 2 })
    let inFlight = 0
    let peak = 0
    const perKeyPeak = new Map<string, number>()
    const perKeyNow = new Map<string, number>()
    const job = (key: string) =>
      gate.run(key, async () => {
        inFlight++
        perKeyNow.set(key, (perKeyNow.get(key) ?? 0) + 1)
        peak = Math.max(peak, inFlight)
        perKeyPeak.set(key, Math.max(perKeyPeak.get(key) ?? 0, perKeyNow.get(key)!))
        await new Promise((r) => setImmediate(r))
        inFlight--
        perKeyNow.set(key, perKeyNow.get(key)! - 1)
      })
    await Promise.all([...Array(20)].map((_, i) => job(i % 2 ? 'us2' : 'eu2')))
    expect(peak).toBe(3)
    expect(Math.max(...perKeyPeak.values())).toBe(2)
  })

  it('holds every request of a paused data centre until the pause ends, but not other data centres', async () => {
    const clock = createManualClock(0)
    const gate = createRateGate({ clock })
    const started: string[] = []
    gate.pause('us2', 5_000)
    const a = gate.run('us2', async () => void started.push('us2'))
    const b = gate.run('eu2', async () => void started.push('eu2'))
    await b
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual(['eu2'])
    await clock.advance(5_000)
    await a
    expect(started).toEqual(['eu2', 'us2'])
  })
})
