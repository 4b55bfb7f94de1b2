// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../../../shared/model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { connectPushes } from '../../connect-pushes'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { UpdatesSection } from './updates-section'
import { useUpdatesStore } from './updates-store'

const ready: UpdateStatus = {
  state: 'ready',
  currentVersion: '0.1.0',
  availableVersion: '0.2.0',
  downloadPercent: null,
  lastCheckedAtMs: Date.UTC(2026, 11, 1, 8, 0),
  message: 'Version 0.2.0 is downloaded and verified.',
  syncsRunning: 2,
}

beforeEach(() => useUpdatesStore.setState({ status: null, problem: null }))
afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
})

describe('Settings → Updates', () => {
  it('in service mode says updates come with the desktop app and offers no buttons', async () => {
    setDeskApiForTests(createFakeDeskApi())
    render(<UpdatesSection />)
    expect(await screen.findByText(/Updates come with the desktop app/)).toBeTruthy()
    expect(screen.getByText('Version 0.1.0')).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('holds "Restart to update" while syncs run, then installs once they are done', async () => {
    const api = createFakeDeskApi({
      overrides: {
        'updates:status': () => ({ ok: true, value: ready }),
        'updates:install': () => ({ ok: true, value: { ...ready, state: 'installing', syncsRunning: 0 } }),
      },
    })
    setDeskApiForTests(api)
    const disconnect = connectPushes(api)
    render(<UpdatesSection />)
    const restart = await screen.findByRole('button', { name: 'Restart to update' })
    expect((restart as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText(/2 syncs are running: the update waits/)).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Check for updates' }) as HTMLButtonElement).disabled).toBe(
      true,
    )

    act(() => api.emit('updates:changed', { ...ready, syncsRunning: 0 }))
    expect((restart as HTMLButtonElement).disabled).toBe(false)
    await act(async () => {
      fireEvent.click(restart)
      await Promise.resolve()
    })
    expect(api.calls.map((c) => c.channel)).toContain('updates:install')
    expect((screen.getByRole('button', { name: 'Restart to update' }) as HTMLButtonElement).disabled).toBe(
      true,
    )
    disconnect()
  })

  it('checks on request, shows the download, and shows a refusal in words', async () => {
    const api = createFakeDeskApi({
      overrides: {
        'updates:status': () => ({ ok: true, value: { ...ready, state: 'up-to-date', syncsRunning: 0 } }),
        'updates:check': () => ({
          ok: true,
          value: {
            ...ready,
            state: 'failed',
            syncsRunning: 0,
            message: 'Version 0.2.0 was refused: it is not signed with Umbrella’s update key.',
          },
        }),
      },
    })
    setDeskApiForTests(api)
    const disconnect = connectPushes(api)
    render(<UpdatesSection />)
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }))
    act(() =>
      api.emit('updates:changed', { ...ready, state: 'downloading', downloadPercent: 42, syncsRunning: 0 }),
    )
    expect(screen.getByText('Downloading version 0.2.0… 42%')).toBeTruthy()
    expect((screen.getByLabelText('Download progress') as HTMLProgressElement).value).toBe(42)
    expect(await screen.findByText(/was refused: it is not signed/)).toBeTruthy()
    expect(screen.queryByLabelText('Download progress')).toBeNull()
    disconnect()
  })
})
