// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorBoundary } from './error-boundary'

afterEach(cleanup)

function Bomb(props: { explode: boolean }): ReactNode {
  if (props.explode) throw new Error('entity.polling is undefined')
  return <p>All good</p>
}

describe('ErrorBoundary', () => {
  it('shows what happened and a way back instead of a blank screen, and recovers on reset', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    function Harness(): ReactNode {
      const [explode, setExplode] = useState(true)
      return (
        <ErrorBoundary onReset={() => setExplode(false)}>
          <Bomb explode={explode} />
        </ErrorBoundary>
      )
    }
    render(<Harness />)
    expect(screen.getByRole('alert').textContent).toContain('This screen ran into a problem')
    expect(screen.getByText(/entity.polling is undefined/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Back to entities' }))
    expect(screen.getByText('All good')).toBeTruthy()
  })
})
