// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncRunView } from '../../../../shared/model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { makeRunHistory } from '../../testing/demo-data'
import { useToastsStore } from '../notifications/toasts-store'
import { TravellerSync } from '../travellers/traveller-sync'
import { RunHistoryPanel } from './run-history-panel'
import { RunsPanel } from './runs-panel'
import { useRunsStore } from './runs-store'

const NOW = Date.UTC(2026, 10, 27, 9)

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useRunsStore.setState({ byId: {}, watched: new Set() })
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
})

describe('TravellerSync', () => {
  it('follows the run: syncing while it works, then how it ended, never a stale "Started"', async () => {
    const api = createFakeDeskApi({ nowMs: NOW })
    setDeskApiForTests(api)
    render(
      <TravellerSync
        entityId="ent-6"
        entityName="Hooli"
        loginId="a@b.ch"
        name="Anna"
        cannotSyncReason={null}
      />,
    )
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Concur → Faces: sync Anna' })))
    expect(screen.getByRole('status').textContent).toBe('Syncing…')
    const started = Object.values(useRunsStore.getState().byId)[0] as SyncRunView
    act(() =>
      useRunsStore.getState().upsert({
        ...started,
        state: 'done',
        profilesDone: 1,
        finishedAtMs: NOW + 900,
        counts: { read: 1, written: 1, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
      }),
    )
    expect(screen.getByRole('status').textContent).toBe('Succeeded: 1 read, 0 unchanged, 1 written')
    expect(useToastsStore.getState().toasts[0]?.title).toBe('Traveller sync of Anna (Hooli) succeeded')
  })

  it('says why it cannot sync instead of a silent grey button', () => {
    render(
      <TravellerSync
        entityId="e"
        entityName="X"
        loginId="a@b.ch"
        name="Anna"
        cannotSyncReason="Needs a refresh token first."
      />,
    )
    const button = screen.getByRole('button', { name: 'Faces → Concur: sync Anna' })
    expect(button).toHaveProperty('disabled', true)
    expect(button.getAttribute('title')).toBe('Needs a refresh token first.')
  })
})

describe('RunsPanel', () => {
  it('shows only the latest run with labelled counts, and the reason when syncing is not possible', () => {
    const [latest] = makeRunHistory('ent-6', NOW).slice(1)
    render(
      <RunsPanel
        entityId="ent-6"
        entityName="Hooli"
        cannotSyncReason="Archived entities do not sync."
        latest={latest!}
      />,
    )
    expect(screen.getByText('Archived entities do not sync.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true)
    expect(screen.getAllByText(/read, .* unchanged, .* written/)).toHaveLength(1)
    expect(document.body.textContent).not.toMatch(/(?:^|\D)\d\/\d/)
  })
})

describe('RunHistoryPanel', () => {
  it('lists one row per run and opens a run to its own log lines', async () => {
    const api = createFakeDeskApi({ nowMs: NOW })
    setDeskApiForTests(api)
    // The fake log's records belong to runs run-0, run-1, …
    const rows = makeRunHistory('ent-6', NOW).map((r, k) => ({ ...r, runId: `run-${k}` }))
    render(<RunHistoryPanel load={{ status: 'ready', value: rows }} onRetry={() => {}} />)
    expect(screen.getAllByRole('row')).toHaveLength(rows.length + 1)
    const open = screen.getAllByRole('button', { expanded: false })[1]!
    await act(async () => fireEvent.click(open))
    expect(open.getAttribute('aria-expanded')).toBe('true')
    const query = api.calls.find((c) => c.channel === 'log:query')
    expect(query?.input).toMatchObject({ entityId: 'ent-6', runId: rows[1]!.runId })
    expect(screen.getByRole('list', { name: 'Log lines of this run' })).toBeTruthy()
  })
})
