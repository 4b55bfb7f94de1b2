// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { useNowStore } from '../../lib/now-store'
import { makeToken } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useToastsStore } from '../notifications/toasts-store'
import { useTokensStore } from '../tokens/tokens-store'
import { OverviewScreen } from './overview-screen'

const NOW = Date.UTC(2026, 10, 25, 9) // Wednesday 10:00 CET, window open

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useTokensStore.setState({ byId: {}, status: 'idle', problem: null })
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
})

/** A token received a minute ago, waiting to be exchanged, expiring in `hours`. */
function waiting(i: number, entityId: string, hours: number) {
  return makeToken(i, NOW, { entityId, receivedAtMs: NOW - 60_000, expiresAtMs: NOW + hours * 3_600_000 })
}

describe('Today', () => {
  it('counts down pending and retryable tokens, and lists a rejected one apart, without a countdown', async () => {
    useNowStore.setState({ nowMs: NOW })
    const pending = waiting(1, 'ent-1', 11)
    const retry = makeToken(2, NOW, {
      entityId: 'ent-2',
      state: 'failed',
      receivedAtMs: NOW - 60_000,
      expiresAtMs: NOW + 5 * 60_000,
      problem: { kind: 'remote-failed', message: 'Concur answered 503 Service Unavailable.' },
    })
    const rejected = makeToken(3, NOW, {
      entityId: 'ent-3',
      state: 'failed',
      receivedAtMs: NOW - 60_000,
      expiresAtMs: NOW + 11 * 3_600_000,
      problem: { kind: 'token-rejected', message: 'Concur rejected the request token (code 5).' },
    })
    setDeskApiForTests(
      createFakeDeskApi({
        nowMs: NOW,
        entityCount: 5,
        overrides: { 'tokens:list': () => ({ ok: true, value: [pending, retry, rejected] }) },
      }),
    )
    await act(() => useTokensStore.getState().load())
    render(<OverviewScreen />)
    const table = screen.getByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]?.textContent).toContain('Exchange failed: try again')
    expect(rows[0]?.textContent).toContain('in 5 min')
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: /^Exchange again: / })).toBeTruthy()
    expect(rows[1]?.textContent).toContain('Waiting to exchange')

    const attention = screen.getByRole('region', { name: 'Tokens that need a person' })
    expect(attention.textContent).toContain('Rejected by Concur')
    expect(attention.textContent).toContain('compose the case for a new one')
    expect(attention.querySelector('.countdown')).toBeNull()
    expect(within(attention).getByRole('button', { name: 'Compose case for a new token' })).toBeTruthy()
  })

  it('says in words what a token is (never the raw state) and toasts how "Exchange now" ended', async () => {
    useNowStore.setState({ nowMs: NOW })
    const pending = waiting(1, 'ent-1', 11)
    const second = waiting(2, 'ent-2', 10)
    const rejection = {
      kind: 'token-rejected' as const,
      message: 'Concur rejected the request token (code 5).',
    }
    setDeskApiForTests(
      createFakeDeskApi({
        nowMs: NOW,
        entityCount: 5,
        overrides: {
          'tokens:list': () => ({ ok: true, value: [pending, second] }),
          'tokens:exchange': (input) =>
            input.tokenId === pending.id
              ? { ok: true, value: { ...pending, state: 'exchanged', exchangedAtMs: NOW, handOff: null } }
              : { ok: true, value: { ...second, state: 'failed', problem: rejection } },
        },
      }),
    )
    await act(() => useTokensStore.getState().load())
    render(<OverviewScreen />)
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1)
    for (const row of rows) {
      const state = row.querySelectorAll('td')[4]?.textContent ?? ''
      expect(state).toBe('Waiting to exchange')
    }
    const [soonest, later] = rows as [HTMLElement, HTMLElement]
    await act(async () => {
      fireEvent.click(within(later).getByRole('button', { name: /^Exchange now: / }))
    })
    await act(async () => {
      fireEvent.click(within(soonest).getByRole('button', { name: /^Exchange now: / }))
    })
    const toasts = useToastsStore.getState().toasts
    expect(toasts.map((t) => t.level)).toEqual(['success', 'error'])
    expect(toasts[0]?.title).toMatch(/: Exchanged/)
    expect(toasts[0]?.entityId).toBe('ent-1')
    expect(toasts[1]?.title).toMatch(/^The exchange for .+ did not work$/)
    expect(toasts[1]?.body).toContain('Concur rejected the request token (code 5).')
  })
})
