import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../../logging/logger'
import type { ConcurClient, SummaryPage, SummaryQuery } from '../../concur/concur-client'
import { ConcurError } from '../../concur/concur-error'
import { walkSummaries } from './summary-walk'

const row = (loginId: string, lastModifiedMs: number) => ({
  loginId,
  xmlProfileSyncId: null,
  status: 'Active' as const,
  lastModifiedMs,
})
const page = (n: number, total: number, items: SummaryPage['items']): SummaryPage => ({
  page: n,
  totalPages: total,
  totalItems: 99,
  items,
})

/** A summary feed that yields these pages, then optionally fails. */
function feed(pages: SummaryPage[], failAfter?: Error) {
  const queries: SummaryQuery[] = []
  const concur: Pick<ConcurClient, 'summaries'> = {
    summaries: (_e, query) => {
      queries.push(query)
      return {
        async *[Symbol.asyncIterator]() {
          for (const p of pages) yield p
          if (failAfter) throw failAfter
        },
      }
    },
  }
  return { concur, queries }
}

const entity = { id: 'e1', travelConfigIds: [] as string[] }

describe('summary walk', () => {
  it('merges pages and the retry list into one newest change per traveller, oldest first', async () => {
    const { concur } = feed([
      page(1, 2, [row('b@a', 30), row('A@a', 10)]),
      page(2, 2, [row('a@a', 50), row('c@a', 20)]),
    ])
    const seen: number[] = []
    const walk = await walkSummaries({
      concur,
      entity,
      sinceMs: 0,
      itemsPerPage: 200,
      retry: { 'd@a': { loginId: 'd@a', lastModifiedMs: 5, error: 'x', attempts: 1, sinceMs: 1 } },
      signal: new AbortController().signal,
      log: createMemoryLogger(),
      onPage: (p) => void seen.push(p.page),
    })
    expect(walk.complete).toBe(true)
    expect(walk.problem).toBeNull()
    expect(walk.changed).toEqual([
      { loginId: 'd@a', lastModifiedMs: 5 },
      { loginId: 'c@a', lastModifiedMs: 20 },
      { loginId: 'b@a', lastModifiedMs: 30 },
      { loginId: 'a@a', lastModifiedMs: 50 },
    ])
    expect(seen).toEqual([1, 2])
  })

  it('keeps what it read when a page fails, and says why', async () => {
    const { concur } = feed(
      [page(1, 3, [row('a@a', 10)])],
      new ConcurError('remote-failed', 'Concur failed on the profile summary (HTTP 500).', {
        correlationId: 'e1-x',
      }),
    )
    const log = createMemoryLogger()
    const walk = await walkSummaries({
      concur,
      entity,
      sinceMs: 0,
      itemsPerPage: 200,
      retry: {},
      signal: new AbortController().signal,
      log,
      onPage: () => {},
    })
    expect(walk).toMatchObject({ complete: false, changed: [{ loginId: 'a@a' }] })
    expect(walk.problem).toEqual({
      kind: 'remote-failed',
      message: 'Concur failed on the profile summary (HTTP 500).',
      correlationId: 'e1-x',
    })
    expect(log.lines.some((l) => l.includes('summary walk failed'))).toBe(true)
  })

  it('reports no problem when the walk was cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const { concur } = feed([], new ConcurError('cancelled', 'cancelled'))
    const walk = await walkSummaries({
      concur,
      entity,
      sinceMs: 0,
      itemsPerPage: 200,
      retry: {},
      signal: controller.signal,
      log: createMemoryLogger(),
      onPage: () => {},
    })
    expect(walk).toMatchObject({ complete: false, problem: null })
  })

  it('asks for the window, page size and the entity’s Travel Config IDs', async () => {
    const { concur, queries } = feed([])
    await walkSummaries({
      concur,
      entity: { id: 'e1', travelConfigIds: ['100'] },
      sinceMs: 1234,
      itemsPerPage: 50,
      retry: {},
      signal: new AbortController().signal,
      log: createMemoryLogger(),
      onPage: () => {},
    })
    expect(queries).toEqual([{ modifiedSinceMs: 1234, itemsPerPage: 50, travelConfigIds: ['100'] }])
  })
})
