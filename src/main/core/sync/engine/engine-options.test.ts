import { describe, expect, it } from 'vitest'
import { resolveEngineOptions } from './engine-options'

describe('engine options', () => {
  it('fills in the production defaults', () => {
    expect(resolveEngineOptions()).toEqual({
      overlapMs: 120_000,
      chunkSize: 50,
      itemsPerPage: 200,
      intervalMs: 900_000,
      feedWaitMs: 25_000,
      pushBackoffMs: 2_000,
      maxPushBackoffMs: 300_000,
      facesToConcur: true,
      progressEveryMs: 250,
      maxConcurrentPolls: 16,
    })
  })

  it('keeps what is given, with at least one profile and one poll in flight', () => {
    expect(
      resolveEngineOptions({ overlapMs: 0, chunkSize: 0, maxConcurrentPolls: 0, facesToConcur: false }),
    ).toMatchObject({
      overlapMs: 0,
      chunkSize: 1,
      maxConcurrentPolls: 1,
      facesToConcur: false,
    })
  })
})
