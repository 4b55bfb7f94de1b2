// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useConnectionStore } from '../../api/connection-store'
import { ConnectionBanner } from './connection-banner'

afterEach(() => {
  cleanup()
  useConnectionStore.setState({ state: 'live' })
})

describe('the connection banner', () => {
  it('shows nothing while the link is live', () => {
    const { container } = render(<ConnectionBanner />)
    expect(container.textContent).toBe('')
  })

  it('says it is reconnecting, then disappears when the stream is back', () => {
    render(<ConnectionBanner />)
    act(() => useConnectionStore.getState().setState('reconnecting'))
    expect(screen.getByRole('status').textContent).toContain('Reconnecting by itself')
    act(() => useConnectionStore.getState().setState('live'))
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('tells a signed-out page how to sign in again', () => {
    render(<ConnectionBanner />)
    act(() => useConnectionStore.getState().setState('signed-out'))
    expect(screen.getByRole('alert').textContent).toContain('./desk serve --new-link')
  })
})
