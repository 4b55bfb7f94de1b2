// @vitest-environment jsdom
/** About lists a team desk's instances in words, and nothing on a solo desk. */
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { TeamInstances } from './team-instances'

const base = { pid: 1, startedAtMs: 0, stoppedAtMs: null, alive: true, self: false }

describe('TeamInstances', () => {
  afterEach(cleanup)

  it('says which instance answers, which run, which stopped answering', () => {
    render(
      <dl>
        <TeamInstances
          timeZone="Europe/Zurich"
          instances={[
            { ...base, instanceId: 'a', host: 'desk-a', self: true, lastSeenMs: Date.UTC(2026, 11, 1, 9, 0) },
            {
              ...base,
              instanceId: 'b',
              host: 'desk-b',
              alive: false,
              lastSeenMs: Date.UTC(2026, 11, 1, 8, 0),
            },
          ]}
        />
      </dl>,
    )
    expect(screen.getByText(/desk-a \(pid 1\), this one: running, last seen/)).toBeTruthy()
    expect(screen.getByText(/desk-b \(pid 1\): not answering since/)).toBeTruthy()
  })

  it('renders nothing on a solo desk', () => {
    const { container } = render(<TeamInstances timeZone="Europe/Zurich" instances={null} />)
    expect(container.textContent).toBe('')
  })
})
