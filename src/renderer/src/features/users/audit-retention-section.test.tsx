// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { AUDIT_RETENTION_DAYS } from '../../../../shared/contract'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { AuditRetentionSection } from './audit-retention-section'

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
})

describe('Settings → audit trail retention', () => {
  it("takes its bounds from the contract: out of range is refused here with the contract's numbers, in range is saved", async () => {
    const api = createFakeDeskApi()
    setDeskApiForTests(api)
    render(<AuditRetentionSection />)
    const input = screen.getByLabelText('Keep records for (days)')
    expect(input.getAttribute('min')).toBe(String(AUDIT_RETENTION_DAYS.min))
    expect(input.getAttribute('max')).toBe(String(AUDIT_RETENTION_DAYS.max))
    fireEvent.change(input, { target: { value: String(AUDIT_RETENTION_DAYS.min - 1) } })
    // Submitted past the browser's own min/max check (a pasted value, an older browser).
    fireEvent.submit(input.closest('form')!)
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Keep audit records for ${AUDIT_RETENTION_DAYS.min} to ${AUDIT_RETENTION_DAYS.max.toLocaleString('en-GB')} whole days.`,
    )
    expect(api.calls.filter((c) => c.channel === 'settings:update')).toHaveLength(0)
    fireEvent.change(input, { target: { value: String(AUDIT_RETENTION_DAYS.min) } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.calls.filter((c) => c.channel === 'settings:update').map((c) => c.input)).toEqual([
        { auditRetentionDays: AUDIT_RETENTION_DAYS.min },
      ]),
    )
  })
})
