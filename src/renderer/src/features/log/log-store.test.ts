import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi, type FakeDeskApi } from '../../testing/fake-desk-api'
import { LOG_PAGE_SIZE, useLogStore } from './log-store'

const NOW = Date.UTC(2026, 10, 27, 9)
let api: FakeDeskApi

beforeEach(() => {
  api = createFakeDeskApi({ nowMs: NOW, logCount: 3000 })
  setDeskApiForTests(api)
  useLogStore.setState({
    filter: {},
    records: [],
    status: 'idle',
    isLive: true,
    total: 0,
    hasMore: false,
    isLoadingMore: false,
  })
})
afterEach(() => setDeskApiForTests(null))

describe('log store', () => {
  it('loads the newest page first and pages older records with beforeSeq', async () => {
    await useLogStore.getState().reload()
    const first = useLogStore.getState().records
    expect(first).toHaveLength(LOG_PAGE_SIZE)
    expect(first[0]?.seq).toBe(3000)
    await useLogStore.getState().loadMore()
    const last = api.calls[api.calls.length - 1]
    expect(last?.input).toMatchObject({ beforeSeq: first[first.length - 1]?.seq })
    expect(useLogStore.getState().records).toHaveLength(2 * LOG_PAGE_SIZE)
    expect(useLogStore.getState().records[LOG_PAGE_SIZE]?.seq).toBe(3000 - LOG_PAGE_SIZE)
  })

  it('adds live records at the top only when they match the filter', async () => {
    await useLogStore.getState().setFilter({ outcome: 'failed' })
    const before = useLogStore.getState().records.length
    const base = api.log[0]!
    useLogStore.getState().append([
      { ...base, seq: 5000, outcome: 'failed' },
      { ...base, seq: 5001, outcome: 'success' },
    ])
    const records = useLogStore.getState().records
    expect(records).toHaveLength(before + 1)
    expect(records[0]?.seq).toBe(5000)
  })

  it('ignores live records while the tail is paused', async () => {
    await useLogStore.getState().reload()
    useLogStore.setState({ isLive: false })
    useLogStore.getState().append([{ ...api.log[0]!, seq: 9999 }])
    expect(useLogStore.getState().records[0]?.seq).toBe(3000)
  })

  it('keeps the failure when main cannot answer', async () => {
    setDeskApiForTests(
      createFakeDeskApi({ failing: { 'log:query': { kind: 'bug', message: 'No log handler yet.' } } }),
    )
    await useLogStore.getState().reload()
    expect(useLogStore.getState().status).toBe('failed')
    expect(useLogStore.getState().problem?.message).toBe('No log handler yet.')
  })
})
