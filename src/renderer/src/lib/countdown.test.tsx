// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { Profiler, type ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { Countdown } from './countdown'
import { useNowStore } from './now-store'

afterEach(cleanup)

describe('Countdown', () => {
  it('re-renders only itself on a tick, never its parent', () => {
    useNowStore.setState({ nowMs: 0 })
    const renders = { parent: 0 }
    function Parent(): ReactNode {
      renders.parent++
      return (
        <div>
          <Countdown targetMs={90_000} />
        </div>
      )
    }
    let countdownCommits = 0
    render(
      <Profiler id="cell" onRender={() => countdownCommits++}>
        <Parent />
      </Profiler>,
    )
    expect(screen.getByText('1 min 30 s')).toBeTruthy()
    const parentAfterMount = renders.parent
    const commitsAfterMount = countdownCommits
    act(() => useNowStore.setState({ nowMs: 1000 }))
    expect(screen.getByText('1 min 29 s')).toBeTruthy()
    expect(renders.parent).toBe(parentAfterMount)
    expect(countdownCommits).toBe(commitsAfterMount + 1)
  })

  it('does not re-render when the tick leaves its text unchanged', () => {
    useNowStore.setState({ nowMs: 0 })
    let commits = 0
    render(
      <Profiler id="cell" onRender={() => commits++}>
        <Countdown targetMs={5 * 3_600_000} />
      </Profiler>,
    )
    const mounted = commits
    act(() => useNowStore.setState({ nowMs: 1000 })) // still "5 h 00 min" → "4 h 59 min"
    act(() => useNowStore.setState({ nowMs: 2000 })) // unchanged text
    act(() => useNowStore.setState({ nowMs: 3000 })) // unchanged text
    expect(screen.getByText('4 h 59 min')).toBeTruthy()
    expect(commits).toBe(mounted + 1)
  })

  it('marks a countdown under the warning threshold', () => {
    useNowStore.setState({ nowMs: 0 })
    render(<Countdown targetMs={3_600_000} warnBelowMs={7_200_000} />)
    expect(screen.getByText('1 h 00 min').className).toContain('warn')
  })
})
