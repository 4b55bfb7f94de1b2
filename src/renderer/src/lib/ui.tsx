/** Small presentational building blocks shared by every screen: loading, empty and error states. */
import type { ReactNode } from 'react'
import type { Problem } from '../../../shared/result'
import { problemText } from './problem-text'

/** A failure with its text, the correlation id when there is one, and a retry button. */
export function ProblemBox(props: { problem: Problem; title?: string; onRetry?: () => void }): ReactNode {
  const { problem } = props
  return (
    <div className="problem" role="alert">
      <strong>{props.title ?? 'Something did not work'}</strong>
      <p>{problemText(problem)}</p>
      {problem.correlationId ? <p className="muted">Correlation id: {problem.correlationId}</p> : null}
      {props.onRetry ? (
        <button type="button" onClick={props.onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

/** A short failure under the control that caused it (an alert, one sentence); nothing without one. */
export function InlineProblem(props: { problem: Problem | null | undefined }): ReactNode {
  if (!props.problem) return null
  return (
    <p className="inline-error" role="alert">
      {problemText(props.problem)}
    </p>
  )
}

/** A spinner line for a screen or panel that is loading. */
export function Loading(props: { label: string }): ReactNode {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {props.label}
    </p>
  )
}

/** What a list says when there is nothing to show. */
export function Empty(props: { children: ReactNode }): ReactNode {
  return <div className="empty">{props.children}</div>
}

/** Loading state of anything fetched from main. */
export type Load<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; problem: Problem }
