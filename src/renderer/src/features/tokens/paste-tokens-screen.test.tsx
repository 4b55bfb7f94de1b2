// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ParsedTokenBlock } from '../../../../shared/model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { connectPushes } from '../../connect-pushes'
import { useNowStore } from '../../lib/now-store'
import { makeToken } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { PREVIEW_DEBOUNCE_MS, usePasteStore } from './paste-store'
import { PasteTokensScreen } from './paste-tokens-screen'

const badBlock: ParsedTokenBlock = {
  index: 0,
  lines: [1, 3],
  outtaskId: '11OO34',
  companyUuid: null,
  tokenPreview: 'at-3f…9c',
  errors: [
    {
      field: 'outtaskId',
      value: '11OO34',
      message: 'The Entity/Outtask ID is digits only; "O" looks like a letter O, not a zero.',
    },
    { field: 'companyUuid', value: '', message: 'The Company UUID is missing from this block.' },
  ],
  warnings: [],
  notes: [],
  match: { kind: 'unknown' },
  isDuplicate: false,
  duplicateOf: null,
  isValid: false,
  receivedAtMs: null,
}

/** A block the desk would take, for the known entity "Acme". */
const validBlock: ParsedTokenBlock = {
  ...badBlock,
  outtaskId: '110005',
  companyUuid: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d',
  errors: [],
  isValid: true,
  match: { kind: 'known', entityId: 'ent-5', entityName: 'Acme', uuidMatches: true },
}

beforeEach(() => {
  vi.useFakeTimers()
  usePasteStore.getState().clear()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  setDeskApiForTests(null)
})

describe('PasteTokensScreen', () => {
  it('asks for a preview once typing pauses and shows each field error inline', async () => {
    const api = createFakeDeskApi({
      overrides: { 'tokens:preview': () => ({ ok: true, value: [badBlock] }) },
    })
    setDeskApiForTests(api)
    render(<PasteTokensScreen />)
    const area = screen.getByLabelText(/Paste the text/)
    fireEvent.change(area, { target: { value: 'Entity/Outtask ID: 11OO' } })
    fireEvent.change(area, { target: { value: 'Entity/Outtask ID: 11OO34\nRequest_Token: at-3f' } })
    expect(api.calls.filter((c) => c.channel === 'tokens:preview')).toHaveLength(0)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS)
    })
    expect(api.calls.filter((c) => c.channel === 'tokens:preview')).toHaveLength(1)
    expect(screen.getByText(/looks like a letter O/)).toBeTruthy()
    expect(screen.getByText('The Company UUID is missing from this block.')).toBeTruthy()
    expect(screen.getByText('Needs fixing')).toBeTruthy()
    const submit = screen.getByRole('button', { name: /Submit and exchange/ })
    expect(submit.getAttribute('aria-disabled')).toBe('true')
    expect(document.getElementById(submit.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Every block needs fixing first: see the messages in red in the preview.',
    )
  })

  it('shows a failed preview as an error with its message, not a blank panel', async () => {
    setDeskApiForTests(
      createFakeDeskApi({
        failing: { 'tokens:preview': { kind: 'bug', message: 'The token desk is not wired yet.' } },
      }),
    )
    render(<PasteTokensScreen />)
    fireEvent.change(screen.getByLabelText(/Paste the text/), { target: { value: 'Request_Token: x' } })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS)
    })
    expect(screen.getByRole('alert').textContent).toContain('The token desk is not wired yet.')
  })
})

describe('PasteTokensScreen preview details', () => {
  it('shows warnings and notes beside the field, the verdict if submitted now, and the lifetime rule', async () => {
    const now = Date.UTC(2026, 10, 25, 8) // Wednesday 09:00 CET
    useNowStore.setState({ nowMs: now })
    const api = createFakeDeskApi({
      nowMs: now,
      overrides: {
        'tokens:preview': () => ({
          ok: true,
          value: [
            {
              ...validBlock,
              tokenPreview: 'at-…99',
              warnings: [{ field: 'requestToken', message: 'The request token is only 7 characters long.' }],
              notes: [
                {
                  field: 'companyUuid',
                  message: 'The company UUID was written with braces: formatting only.',
                },
              ],
            },
          ],
        }),
      },
    })
    setDeskApiForTests(api)
    render(<PasteTokensScreen />)
    expect(screen.getByText(/The desk treats request tokens as valid for 12 hours/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText(/Paste the text/), {
      target: { value: 'Entity/Outtask ID: 110005' },
    })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS)
    })
    expect(screen.getByText('The request token is only 7 characters long.').className).toBe('field-warning')
    expect(screen.getByText(/written with braces/).className).toBe('field-note')
    expect(screen.getByText('Valid, check the warning')).toBeTruthy()
    expect(screen.getByText('If submitted now')).toBeTruthy()
    expect(screen.getByText('Exchange before 15:00')).toBeTruthy()
  })

  it('says at once, without asking main, that a paste is too long', () => {
    const api = createFakeDeskApi()
    setDeskApiForTests(api)
    render(<PasteTokensScreen />)
    fireEvent.change(screen.getByLabelText(/Paste the text/), { target: { value: 'x'.repeat(200_001) } })
    expect(screen.getByRole('alert').textContent).toContain(
      'The pasted text is 200,001 characters long; the desk reads at most 200,000 characters at a time. Paste one e-mail at a time.',
    )
    expect(api.calls.filter((c) => c.channel === 'tokens:preview')).toHaveLength(0)
  })
})

describe('PasteTokensScreen submit', () => {
  it('shows each accepted token with live progress from token:updated pushes and clears the text', async () => {
    const now = Date.UTC(2026, 10, 26, 9)
    const accepted = makeToken(5, now, { state: 'pending' })
    const api = createFakeDeskApi({
      nowMs: now,
      overrides: {
        'tokens:preview': () => ({
          ok: true,
          value: [validBlock],
        }),
        'tokens:submit': () => ({
          ok: true,
          value: { accepted: [accepted], rejected: [], skipped: [], createdEntities: [] },
        }),
      },
    })
    setDeskApiForTests(api)
    const disconnect = connectPushes(api)
    render(<PasteTokensScreen />)
    fireEvent.change(screen.getByLabelText(/Paste the text/), {
      target: { value: 'Entity/Outtask ID: 110005' },
    })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS)
    })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /Submit and exchange 1 token/ }))
    })
    const item = screen.getByRole('listitem', { name: /^Token for / })
    const badge = (): string | null => item.querySelector('.badge')?.textContent ?? null
    expect(badge()).toBe('Waiting to exchange')
    expect((screen.getByLabelText(/Paste the text/) as HTMLTextAreaElement).value).toBe('')
    act(() => api.emit('token:updated', { ...accepted, state: 'exchanging' }))
    expect(badge()).toBe('Exchanging with Concur…')
    act(() =>
      api.emit('token:updated', {
        ...accepted,
        state: 'exchanged',
        exchangedAtMs: now + 2000,
        handOff: { doneAtMs: now + 2500, attemptedAtMs: now + 2500, isFailed: false },
      }),
    )
    expect(badge()).toBe('Exchanged: refresh token stored')
    const steps = screen.getByRole('list', { name: /^What happened to the token for / })
    expect(steps.textContent).toContain('Exchanged with Concur at 10:00')
    expect(steps.textContent).toMatch(/Handed to (the Faces company|Faces company F-1005) at 10:00\./)
    disconnect()
  })
})
