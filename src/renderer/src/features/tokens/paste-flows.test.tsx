// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EntityView, ParsedTokenBlock } from '../../../../shared/model'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { makeEntity, makeSettings } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useAppStore } from '../app/app-store'
import { useSettingsStore } from '../settings/settings-store'
import { PREVIEW_DEBOUNCE_MS, usePasteStore } from './paste-store'
import { PasteTokensScreen } from './paste-tokens-screen'

const UUID = '0b7e2f5a-1c3d-4e5f-8a9b-0c1d2e3f4a5b'
const unknownBlock: ParsedTokenBlock = {
  index: 0,
  lines: [1, 3],
  outtaskId: '119999',
  companyUuid: UUID,
  tokenPreview: 'at-ab…yz',
  errors: [],
  warnings: [],
  notes: [],
  match: { kind: 'unknown' },
  isDuplicate: false,
  duplicateOf: null,
  isValid: true,
  receivedAtMs: null,
}

beforeEach(() => {
  vi.useFakeTimers()
  localStorage.clear()
  usePasteStore.setState({ createUnknown: false, exchangeLater: null })
  usePasteStore.getState().clear()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  setDeskApiForTests(null)
})

async function paste(text: string): Promise<void> {
  fireEvent.change(screen.getByLabelText(/Paste the text/), { target: { value: text } })
  await act(async () => {
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS)
  })
}

describe('flows that used to stop the user on the paste screen', () => {
  it('offers "Add entity 119999" inline, pre-filled with the ID and UUID, and reads the paste again', async () => {
    let known = false
    const created: EntityView = makeEntity(1, Date.now(), {
      id: 'ent-new',
      name: 'Bergblick AG',
      outtaskId: '119999',
      companyUuid: UUID,
      facesCompanyId: 'FC-119999',
    })
    const api = createFakeDeskApi({
      overrides: {
        'tokens:preview': () => ({
          ok: true,
          value: [
            known
              ? {
                  ...unknownBlock,
                  match: {
                    kind: 'known',
                    entityId: 'ent-new',
                    entityName: 'Bergblick AG',
                    uuidMatches: true,
                  },
                }
              : unknownBlock,
          ],
        }),
        'entities:create': () => {
          known = true
          return { ok: true, value: created }
        },
      },
    })
    setDeskApiForTests(api)
    await act(() => useAppStore.getState().load())
    render(<PasteTokensScreen />)
    await paste('Entity/Outtask ID: 119999')
    const submit = screen.getByRole('button', { name: /Submit and exchange/ })
    expect(submit.getAttribute('title')).toContain('No entity has Outtask ID 119999')
    fireEvent.click(screen.getByRole('button', { name: 'Add entity 119999' }))
    const form = screen.getByRole('region', { name: 'Add entity 119999' })
    expect((screen.getByLabelText('Entity/Outtask ID') as HTMLInputElement).value).toBe('119999')
    expect((screen.getByLabelText('Company UUID') as HTMLInputElement).value).toBe(UUID)
    expect((screen.getByLabelText('Faces company ID') as HTMLInputElement).value).toBe('FC-119999')
    expect(document.activeElement).toBe(screen.getByLabelText('Name'))
    expect(form.textContent).toContain("created in the Sandbox's Faces")
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bergblick AG' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add entity 119999' }))
    })
    expect(api.calls.find((c) => c.channel === 'entities:create')?.input).toMatchObject({
      name: 'Bergblick AG',
      outtaskId: '119999',
      companyUuid: UUID,
      facesCompanyId: 'FC-119999',
    })
    expect(
      screen.getByRole('button', { name: /Submit and exchange 1 token/ }).getAttribute('aria-disabled'),
    ).toBeNull()
  })

  it('shows a token the desk already exchanged as neutral, with where and when, and nothing to submit', async () => {
    setDeskApiForTests(
      createFakeDeskApi({
        overrides: {
          'tokens:preview': () => ({
            ok: true,
            value: [
              {
                ...unknownBlock,
                match: { kind: 'known', entityId: 'e1', entityName: 'Umbrella Demo GmbH', uuidMatches: true },
                isDuplicate: true,
                isValid: false,
                duplicateOf: {
                  kind: 'known',
                  tokenId: 't1',
                  state: 'exchanged',
                  entityName: 'Umbrella Demo GmbH',
                  receivedAtMs: Date.UTC(2026, 10, 25, 9, 20),
                  exchangedAtMs: Date.UTC(2026, 10, 25, 9, 25),
                },
              },
            ],
          }),
        },
      }),
    )
    render(<PasteTokensScreen />)
    await paste('Entity/Outtask ID: 110034')
    const block = screen.getByRole('listitem', { name: 'Block 1' })
    expect(block.className).toContain('duplicate')
    expect(block.textContent).not.toContain('Needs fixing')
    expect(block.textContent).toContain('Already known')
    expect(block.textContent).toMatch(
      /Already exchanged for Umbrella Demo GmbH at (10:25|.*10:25 CET); nothing to do\./,
    )
    expect(screen.getByRole('button', { name: /Submit and exchange/ }).getAttribute('title')).toBe(
      'Nothing new to submit: the desk already has every token in this paste.',
    )
  })

  it('submits with "exchange later" from the setting, and remembers "create unknown entities"', async () => {
    const api = createFakeDeskApi({
      overrides: {
        'tokens:preview': () => ({ ok: true, value: [unknownBlock] }),
        'settings:get': () => ({ ok: true, value: { ...makeSettings(), exchangeLaterByDefault: true } }),
      },
    })
    setDeskApiForTests(api)
    await act(() => useSettingsStore.getState().load())
    render(<PasteTokensScreen />)
    expect((screen.getByLabelText(/Exchange later/) as HTMLInputElement).checked).toBe(true)
    fireEvent.click(screen.getByLabelText(/Create entities for unknown Outtask IDs/))
    expect(localStorage.getItem('faces-concur-desk:paste.create-unknown')).toBe('true')
    await paste('Entity/Outtask ID: 119999')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Submit 1 token (exchange later)' }))
    })
    expect(api.calls.find((c) => c.channel === 'tokens:submit')?.input).toMatchObject({
      createUnknown: true,
      exchange: false,
    })
    expect(usePasteStore.getState().createUnknown).toBe(true)
  })
})
