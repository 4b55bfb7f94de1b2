import { describe, expect, it } from 'vitest'
import { createStartTiming, formatStartPhases, noStartTiming } from './start-timing'

describe('start timing', () => {
  it('times each phase from the previous mark (the first from zero) and prints the lines the store benchmark parses', () => {
    let nowMs = 120.4
    const timing = createStartTiming(() => nowMs)
    timing.mark('node and the bundle loaded')
    nowMs = 180.9
    timing.mark('settings read')
    nowMs = 180.9
    timing.mark('nothing')
    expect(timing.phases()).toEqual([
      { phase: 'node and the bundle loaded', ms: 120 },
      { phase: 'settings read', ms: 61 },
      { phase: 'nothing', ms: 0 },
    ])
    expect(formatStartPhases(timing.phases())).toBe(
      'start: node and the bundle loaded 120 ms\nstart: settings read 61 ms\nstart: nothing 0 ms\n',
    )
  })

  it('records nothing when timing is off', () => {
    noStartTiming.mark('x')
    expect(noStartTiming.phases()).toEqual([])
  })
})
