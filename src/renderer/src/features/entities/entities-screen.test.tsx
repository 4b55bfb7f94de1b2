// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setDeskApiForTests } from '../../api/desk-api-client'
import { createFakeDeskApi } from '../../testing/fake-desk-api'
import { useNavStore } from '../app/nav-store'
import { EntitiesScreen } from './entities-screen'
import { useEntitiesStore } from './entities-store'

// jsdom has no layout: give every element a typical viewport size so the virtualizer renders rows.
const sizes = { clientHeight: 720, clientWidth: 1200 }
const saved = Object.keys(sizes).map(
  (k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const,
)
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v })
})
afterAll(() => {
  for (const [k, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, k, d)
})

afterEach(() => {
  cleanup()
  setDeskApiForTests(null)
  useEntitiesStore.setState({ byId: {}, status: 'idle', problem: null })
})

describe('EntitiesScreen', () => {
  it('renders only a window of rows out of 2,000 entities', async () => {
    setDeskApiForTests(createFakeDeskApi({ entityCount: 2000 }))
    await act(() => useEntitiesStore.getState().load())
    render(<EntitiesScreen />)
    expect(screen.getByText('2000 of 2000 shown')).toBeTruthy()
    const rows = screen.getAllByRole('row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(60)
  })

  it('filters by search text', async () => {
    setDeskApiForTests(createFakeDeskApi({ entityCount: 300 }))
    await act(() => useEntitiesStore.getState().load())
    render(<EntitiesScreen />)
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '110123' } })
    expect(screen.getByText('1 of 300 shown')).toBeTruthy()
    expect(screen.getAllByRole('row')).toHaveLength(2)
    expect(screen.getByRole('button', { name: /^Sync now: .* 123$/ })).toBeTruthy()
  })

  it('shows the failure with a retry when the entity list cannot load', async () => {
    setDeskApiForTests(
      createFakeDeskApi({
        failing: { 'entities:list': { kind: 'offline', message: 'The desk service is not reachable.' } },
      }),
    )
    await act(() => useEntitiesStore.getState().load())
    render(<EntitiesScreen />)
    expect(screen.getByRole('alert').textContent).toContain('The desk service is not reachable.')
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })

  it('opens filtered to the entities in error when the header chip asks, with a way back to all', async () => {
    setDeskApiForTests(createFakeDeskApi({ entityCount: 200 }))
    await act(() => useEntitiesStore.getState().load())
    useNavStore.setState({ route: { screen: 'entities', credential: 'in-error' } })
    render(<EntitiesScreen />)
    expect(screen.getByRole('status').textContent).toContain('Showing only the entities in error')
    const shown = Number(
      /^(\d+) of 200 shown$/.exec(screen.getByText(/of 200 shown$/).textContent ?? '')?.[1],
    )
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(200)
    fireEvent.click(screen.getByRole('button', { name: 'Show all entities' }))
    expect(screen.getByText('200 of 200 shown')).toBeTruthy()
    useNavStore.setState({ route: { screen: 'entities' } })
  })

  it('says why "Sync now" cannot run for an entity without a refresh token', async () => {
    setDeskApiForTests(createFakeDeskApi({ entityCount: 30 }))
    await act(() => useEntitiesStore.getState().load())
    render(<EntitiesScreen />)
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '110007' } })
    const button = screen.getByRole('button', { name: /^Sync now: .* 7$/ })
    expect(button.getAttribute('aria-disabled')).toBe('true')
    expect(button.getAttribute('title')).toMatch(/refresh token|exchange|dead/)
  })
})
