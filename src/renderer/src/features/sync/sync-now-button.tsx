/** "Sync now" for one entity: shows the run's progress while it runs and any failure to start it. */
import { useState, type ReactNode } from 'react'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { ReasonButton } from '../../lib/reason-button'
import { isActiveRun, runProgress, useRunsStore } from './runs-store'

/** Starts a manual sync of the entity. */
export function SyncNowButton(props: {
  entityId: string
  entityName: string
  disabled?: boolean
  /** Why it cannot sync (shown as tooltip and read out); implies disabled. */
  disabledReason?: string | null
}): ReactNode {
  const { entityId } = props
  const activeRun = useRunsStore((s) => {
    for (const run of Object.values(s.byId)) if (run.entityId === entityId && isActiveRun(run)) return run
    return null
  })
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isStarting, setIsStarting] = useState(false)

  async function start(): Promise<void> {
    setIsStarting(true)
    setProblem(null)
    const r = await getDeskApi().call('sync:run-entity', { entityId })
    setIsStarting(false)
    if (r.ok) useRunsStore.getState().upsert(r.value)
    else setProblem(r.problem)
  }

  if (activeRun) {
    const p = runProgress(activeRun)
    return (
      <span className="muted" role="status">
        Syncing{p === null ? '…' : ` ${Math.round(p * 100)} %`}
      </span>
    )
  }
  return (
    <span>
      <ReasonButton
        className="small"
        onClick={() => void start()}
        blockedReason={
          isStarting
            ? 'A sync is starting.'
            : (props.disabledReason ?? (props.disabled ? 'Not available right now.' : null))
        }
        aria-label={`Sync now: ${props.entityName}`}
      >
        {isStarting ? 'Starting…' : 'Sync now'}
      </ReasonButton>
      {problem ? (
        <span className="inline-error" role="alert" title={problemText(problem)}>
          {' '}
          {problemText(problem)}
        </span>
      ) : null}
    </span>
  )
}
