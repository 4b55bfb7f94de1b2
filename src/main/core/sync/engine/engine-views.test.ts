import { describe, expect, it } from 'vitest'
import { emptyEntityState, type EntitySyncState, type TravellerState } from '../sync-state'
import { pollStatsSince, pollStatusView, travellerViews } from './engine-views'

function stateWith(): EntitySyncState {
  const st = emptyEntityState()
  const t = (loginId: string, name: string): TravellerState => ({
    loginId,
    concurUuid: null,
    employeeId: 'E1',
    facesId: 'f',
    name,
    base: {},
    baseHash: '',
    c2fHash: null,
    f2cHash: null,
    lastConcurToFacesMs: 10,
    lastFacesToConcurMs: null,
    lastOutcome: 'success',
  })
  st.travellers['bob@a'] = t('Bob@a', 'Bob')
  st.travellers['ann@a'] = t('ann@a', 'Ann')
  st.retry['bob@a'] = { loginId: 'Bob@a', lastModifiedMs: 1, error: 'HTTP 500', attempts: 2, sinceMs: 1 }
  st.retry['cat@a'] = { loginId: 'cat@a', lastModifiedMs: 1, error: 'timeout', attempts: 1, sinceMs: 1 }
  st.stats = [
    { atMs: 100, synced: 3, failed: 0 },
    { atMs: 200, synced: 1, failed: 1 },
  ]
  st.consecutiveFailures = 2
  return st
}

describe('engine views', () => {
  it('lists remembered travellers and retry-only ones, sorted, with their retry errors', () => {
    expect(
      travellerViews(stateWith()).map((v) => [v.loginId, v.inRetryList, v.retryError, v.lastOutcome]),
    ).toEqual([
      ['ann@a', false, null, 'success'],
      ['Bob@a', true, 'HTTP 500', 'success'],
      ['cat@a', true, 'timeout', 'failed'],
    ])
  })

  it('shows no next poll for an entity with polling off, and nothing for an unknown one', () => {
    const st = stateWith()
    expect(pollStatusView(st, { pollingActive: true }, 123)).toMatchObject({
      nextPollAtMs: 123,
      consecutiveFailures: 2,
      retryListSize: 2,
    })
    expect(pollStatusView(st, { pollingActive: false }, 123)!.nextPollAtMs).toBeNull()
    expect(pollStatusView(null, null, 123)).toBeNull()
    expect(pollStatusView(null, { pollingActive: true }, null)).toMatchObject({
      lastPoll: null,
      retryListSize: 0,
    })
  })

  it('returns the poll history since an instant', () => {
    expect(pollStatsSince(stateWith(), 150)).toEqual([{ atMs: 200, synced: 1, failed: 1 }])
  })
})
