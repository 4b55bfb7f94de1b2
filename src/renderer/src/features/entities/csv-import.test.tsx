// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useToastsStore } from '../notifications/toasts-store'
import { CsvImportDialog } from './csv-import'

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
})

describe('CsvImportDialog', () => {
  it('a check toasts nothing; an import keeps its counts in a toast (the report stays in the dialog)', async () => {
    setDeskApiForTests(createFakeDeskApi({ entityCount: 2 }))
    render(<CsvImportDialog onClose={() => undefined} />)
    const blocked = screen.getByRole('button', { name: 'Import' })
    expect(blocked.getAttribute('aria-disabled')).toBe('true')
    const reason = document.getElementById(blocked.getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('Pick a CSV file or paste its text first.')
    fireEvent.change(screen.getByLabelText('…or paste the CSV'), {
      target: { value: 'name,outtaskId\nAcme,119999\nBad,11OO34' },
    })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Check' }))
    })
    expect(screen.getByRole('status').textContent).toContain('Check only, nothing saved')
    expect(useToastsStore.getState().toasts).toEqual([])
    const importButton = screen.getByRole('button', { name: 'Import' })
    expect(importButton.getAttribute('data-shortcut')).toBe('submit')
    await act(async () => {
      fireEvent.click(importButton)
    })
    const toasts = useToastsStore.getState().toasts
    expect(toasts).toHaveLength(1)
    expect(toasts[0]).toMatchObject({ level: 'info', title: 'CSV import: 1 created, 0 updated, 1 rejected' })
    expect(toasts[0]?.body).toContain('import report')
  })
})
