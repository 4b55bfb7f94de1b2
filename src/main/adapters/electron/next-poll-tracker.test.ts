import { describe, expect, it } from 'vitest'
import type { EntityView } from '../../../shared/model'
import { createNextPollTracker } from './next-poll-tracker'

function entity(
  id: string,
  nextPollAtMs: number | null,
  extra: { active?: boolean; archived?: boolean } = {},
): EntityView {
  return {
    id,
    archived: extra.archived ?? false,
    polling: {
      active: extra.active ?? true,
      lastPoll: null,
      nextPollAtMs,
      consecutiveFailures: 0,
      retryListSize: 0,
    },
  } as unknown as EntityView
}

describe('next poll tracker', () => {
  it('reports the earliest poll among active, non-archived entities', () => {
    const tracker = createNextPollTracker()
    tracker.seed([
      entity('a', 3000),
      entity('b', 2000),
      entity('c', 1000, { active: false }),
      entity('d', 500, { archived: true }),
    ])
    expect(tracker.next()).toBe(2000)
  })

  it('follows entity updates and removals', () => {
    const tracker = createNextPollTracker()
    tracker.seed([entity('a', 3000), entity('b', 2000)])
    expect(tracker.apply({ channel: 'entity:updated', payload: entity('a', 1000) })).toBe(true)
    expect(tracker.next()).toBe(1000)
    expect(tracker.apply({ channel: 'entity:removed', payload: { entityId: 'a' } })).toBe(true)
    expect(tracker.next()).toBe(2000)
    tracker.apply({ channel: 'entity:updated', payload: entity('b', null) })
    expect(tracker.next()).toBeNull()
  })

  it('ignores pushes that say nothing about polling', () => {
    const tracker = createNextPollTracker()
    expect(
      tracker.apply({
        channel: 'notify',
        payload: { id: 'n', level: 'info', title: 't', body: 'b', entityId: null, atMs: 0 },
      }),
    ).toBe(false)
  })
})
