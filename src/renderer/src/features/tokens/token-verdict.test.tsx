// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { useNowStore } from '../../lib/now-store'
import { makeSettings } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useSettingsStore } from '../settings/settings-store'
import { TokenVerdictLine } from './token-verdict'

const HOUR = 3_600_000
const wed = (h: number, m = 0) => Date.UTC(2026, 10, 25, h - 1, m) // Wednesday, CET = UTC+1

beforeEach(() => useSettingsStore.setState({ settings: null, status: 'idle' }))
afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
})

describe('TokenVerdictLine', () => {
  it('is amber with the close time for a 12-hour token received in the morning', () => {
    useNowStore.setState({ nowMs: wed(9) })
    render(<TokenVerdictLine token={{ receivedAtMs: wed(8), expiresAtMs: wed(20), state: 'pending' }} />)
    const badge = screen.getByText('Exchange before 15:00')
    expect(badge.className).toBe('badge warn')
    expect(screen.getByRole('status').textContent).toContain('when nobody is at the desk')
  })

  it('is red after the close and opens the case composer, already composed, in one click', async () => {
    const api = createFakeDeskApi({ nowMs: wed(16) })
    setDeskApiForTests(api)
    useNowStore.setState({ nowMs: wed(16) })
    render(
      <TokenVerdictLine
        token={{ receivedAtMs: wed(8), expiresAtMs: wed(20), state: 'pending' }}
        entityId="ent-1"
        entityName="Acme"
      />,
    )
    expect(screen.getByText('New token needed').className).toBe('badge bad')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Compose case for a new token' }))
    })
    expect(screen.getByRole('dialog', { name: 'New request token for Acme' })).toBeTruthy()
    expect(api.calls.filter((c) => c.channel === 'entities:compose-case')).toEqual([
      { channel: 'entities:compose-case', input: { entityId: 'ent-1' } },
    ])
    expect((screen.getByLabelText('Subject') as HTMLInputElement).value).toContain(
      'Company request token for',
    )
  })

  it('follows the window from settings', () => {
    useNowStore.setState({ nowMs: wed(9) })
    const api = createFakeDeskApi({ nowMs: wed(9) })
    setDeskApiForTests(api)
    const settings = makeSettings()
    settings.intakeWindow = { ...settings.intakeWindow, softCloseAt: '20:30', hardCloseAt: '21:00' }
    useSettingsStore.setState({ status: 'ready', settings })
    render(
      <TokenVerdictLine
        token={{ receivedAtMs: wed(8), expiresAtMs: wed(8) + 12 * HOUR, state: 'pending' }}
        compact
      />,
    )
    expect(screen.getByText('In time').className).toBe('badge ok')
  })
})
