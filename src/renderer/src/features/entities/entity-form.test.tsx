// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { makeEntity } from '../../testing/demo-data'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useToastsStore } from '../notifications/toasts-store'
import { draftToInput, EntityFormDialog, fieldMessage } from './entity-form'

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
})

describe('EntityFormDialog', () => {
  it("shows main's field messages under the fields they belong to and stays open", async () => {
    const api = createFakeDeskApi({
      overrides: {
        'entities:create': () => ({
          ok: false,
          problem: {
            kind: 'invalid-input',
            message: 'Check the highlighted fields.',
            fields: { outtaskId: 'The Entity/Outtask ID is digits only, e.g. 110034' },
          },
        }),
      },
    })
    setDeskApiForTests(api)
    const onClose = vi.fn()
    render(<EntityFormDialog entity={null} onClose={onClose} />)
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Acme AG' } })
    fireEvent.change(screen.getByLabelText('Entity/Outtask ID'), { target: { value: '11OO34' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add entity' }))
    })
    const field = screen.getByLabelText('Entity/Outtask ID')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The Entity/Outtask ID is digits only, e.g. 110034',
    )
    expect(onClose).not.toHaveBeenCalled()
    expect(useToastsStore.getState().toasts).toEqual([])
    expect(api.calls.find((c) => c.channel === 'entities:create')?.input).toMatchObject({
      name: 'Acme AG',
      outtaskId: '11OO34',
    })
  })
})

describe('EntityFormDialog saved', () => {
  it('closes and says in a toast what was added and where its Faces company stands; a failure toasts nothing', async () => {
    setDeskApiForTests(
      createFakeDeskApi({
        overrides: {
          'entities:create': (input) => ({
            ok: true,
            value: makeEntity(9, Date.now(), {
              id: 'ent-new',
              name: input.name,
              outtaskId: input.outtaskId,
              facesCompanyId: input.facesCompanyId,
            }),
          }),
        },
      }),
    )
    const onClose = vi.fn()
    render(<EntityFormDialog entity={null} onClose={onClose} />)
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Acme AG' } })
    fireEvent.change(screen.getByLabelText('Entity/Outtask ID'), { target: { value: '119999' } })
    fireEvent.change(screen.getByLabelText('Faces company ID'), { target: { value: 'FC-119999' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add entity' }))
    })
    expect(onClose).toHaveBeenCalled()
    const toasts = useToastsStore.getState().toasts
    expect(toasts).toHaveLength(1)
    expect(toasts[0]).toMatchObject({ level: 'success', title: 'Acme AG (119999) added' })
    expect(toasts[0]?.body).toContain('FC-119999')
    expect(screen.getByRole('button', { name: 'Add entity' }).getAttribute('data-shortcut')).toBe('submit')
  })
})

describe('entity form helpers', () => {
  it('splits id lists on commas, semicolons and spaces', () => {
    const input = draftToInput({
      name: ' Acme ',
      outtaskId: '110034',
      companyUuid: 'u',
      facesCompanyId: 'F1',
      siteIds: 'S1, S2;S3  S4',
      vendorSiteIds: '',
      travelConfigIds: 'TC1',
    })
    expect(input.name).toBe('Acme')
    expect(input.siteIds).toEqual(['S1', 'S2', 'S3', 'S4'])
    expect(input.vendorSiteIds).toEqual([])
  })

  it('finds a field message by its own name or a nested path', () => {
    const problem = {
      kind: 'invalid-input' as const,
      message: 'x',
      fields: { 'input.companyUuid': 'bad uuid' },
    }
    expect(fieldMessage(problem, 'companyUuid')).toBe('bad uuid')
    expect(fieldMessage(problem, 'outtaskId')).toBeUndefined()
  })
})
