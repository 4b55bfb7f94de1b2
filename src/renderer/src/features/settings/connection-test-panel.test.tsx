// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { ConnectionTestPanel } from './connection-test-panel'

const NOW = Date.parse('2026-11-25T09:35:00Z')

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
})

describe('ConnectionTestPanel', () => {
  it('shows one specific answer per system', async () => {
    setDeskApiForTests(createFakeDeskApi({ nowMs: NOW }))
    render(<ConnectionTestPanel />)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    })
    const lines = screen.getAllByRole('listitem').map((li) => li.textContent)
    expect(lines[0]).toMatch(
      /^Concur wrong-secret Concur at us2\.api\.concursolutions\.com knows the client ID but rejected the client secret \(code 64\)\./,
    )
    expect(lines[0]).toContain('correlation id c-test-1')
    expect(lines[1]).toMatch(/^Faces OK Faces at faces\.example\.com accepted/)
  })
})
