import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../logging/logger'
import { createRejectionLog, quoteForLog, type RejectionTimers } from './rejection-log'

function fakeTimers(): RejectionTimers & { advance(ms: number): void } {
  let now = 0
  let tick: (() => void) | null = null
  let every = 0
  let next = 0
  return {
    nowMs: () => now,
    setInterval: (fn, ms) => ((tick = fn), (every = ms), (next = ms), {}),
    clearInterval: () => (tick = null),
    advance(ms) {
      const end = now + ms
      while (tick && next <= end) {
        now = next
        next += every
        tick()
      }
      now = end
    },
  }
}

describe('rejection log', () => {
  it('writes the first rejection of each reason at once and one summary line per minute', () => {
    const log = createMemoryLogger()
    const timers = fakeTimers()
    const rejections = createRejectionLog({ log, timers })
    for (let i = 0; i < 400; i++) rejections.count('wrong-host', 'evil.example')
    for (let i = 0; i < 12; i++) rejections.count('no-session')
    expect(log.lines).toHaveLength(2)
    expect(log.lines[0]).toContain(
      'requests: rejected (wrong Host); further rejections are summarised every minute',
    )
    expect(log.lines[0]).toContain('detail="evil.example"')
    timers.advance(60_000)
    expect(log.lines).toHaveLength(3)
    expect(log.lines[2]).toContain(
      'requests: 412 requests rejected in the last minute: 400 wrong Host, 12 no session',
    )
  })

  it('stays silent in a quiet minute and starts a new window after each summary', () => {
    const log = createMemoryLogger()
    const timers = fakeTimers()
    const rejections = createRejectionLog({ log, timers })
    rejections.count('malformed-url')
    timers.advance(60_000)
    timers.advance(60_000)
    expect(log.lines).toHaveLength(2)
    rejections.count('malformed-url')
    expect(log.lines).toHaveLength(3)
    timers.advance(30_000)
    rejections.stop()
    expect(log.lines[3]).toContain('1 request rejected in the last 30 s: 1 malformed URL')
    expect(rejections.totals()).toEqual({ 'malformed-url': 2 })
  })

  it('quotes attacker text as printable ASCII, at most 100 characters', () => {
    expect(quoteForLog('a\nb\u0000c\u00e9')).toBe('a?b?c?')
    expect(quoteForLog('x'.repeat(500))).toHaveLength(100)
  })
})
