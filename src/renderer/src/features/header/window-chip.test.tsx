// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useNowStore } from '../../lib/now-store'
import { WindowChip } from './desk-header'

afterEach(cleanup)

describe('the window chip', () => {
  it('counts down to the soft close while it is ahead', () => {
    useNowStore.setState({ nowMs: Date.UTC(2026, 10, 25, 13, 0) }) // Wed 14:00 CET
    render(<WindowChip />)
    expect(screen.getByRole('status').textContent).toMatch(/^Window closing soon · closes 14:30 in 30 min/)
  })

  it('after the soft close, counts down to the hard close instead of saying "expired"', () => {
    useNowStore.setState({ nowMs: Date.UTC(2026, 10, 25, 13, 41) }) // Wed 14:41 CET
    render(<WindowChip />)
    const text = screen.getByRole('status').textContent ?? ''
    expect(text).toMatch(/^Window closing soon · soft close 14:30 passed · hard close 15:00 in 19 min/)
    expect(text).not.toContain('expired')
  })
})
