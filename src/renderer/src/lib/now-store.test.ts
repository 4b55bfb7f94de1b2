import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTicking, useNowStore } from './now-store'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 5, 1, 8, 0, 0) })
})
afterEach(() => {
  vi.useRealTimers()
})

const now = () => useNowStore.getState().nowMs

describe('the shared ticking clock', () => {
  it('ticks once a second from the first start', () => {
    const stop = startTicking()
    const t0 = now()
    vi.advanceTimersByTime(3000)
    expect(now() - t0).toBe(3000)
    expect(vi.getTimerCount()).toBe(1)
    stop()
  })

  it('keeps ticking for the others when one caller stops, and stops after the last', () => {
    const stopHeader = startTicking()
    const stopTimeline = startTicking()
    expect(vi.getTimerCount()).toBe(1)
    stopHeader()
    const t0 = now()
    vi.advanceTimersByTime(2000)
    expect(now() - t0).toBe(2000)
    stopTimeline()
    expect(vi.getTimerCount()).toBe(0)
    const t1 = now()
    vi.advanceTimersByTime(5000)
    expect(now()).toBe(t1)
  })

  it('counts a stop function once, however often it is called', () => {
    const stopA = startTicking()
    const stopB = startTicking()
    stopA()
    stopA()
    expect(vi.getTimerCount()).toBe(1)
    stopB()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('starts again after everyone stopped', () => {
    startTicking()()
    const stop = startTicking()
    const t0 = now()
    vi.advanceTimersByTime(1000)
    expect(now() - t0).toBe(1000)
    stop()
  })
})
