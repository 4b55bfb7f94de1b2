/**
 * One-traveller sync buttons (Concur → Faces, Faces → Concur) whose note follows the run: it says
 * "Syncing…" while the run works and then how it ended, never a stale "Started".
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Direction } from '../../../../shared/model'
import { runCountsText } from '../../../../shared/run-counts'
import { getDeskApi } from '../../api/desk-api-client'
import { notifyFailure } from '../notifications/notify'
import { runStatus } from '../sync/run-words'
import { isActiveRun, useRunsStore } from '../sync/runs-store'

/** The buttons and the run's note. `cannotSyncReason` disables them and says why. */
export function TravellerSync(props: {
  entityId: string
  entityName: string
  loginId: string
  name: string
  cannotSyncReason: string | null
}): ReactNode {
  const [runId, setRunId] = useState<string | null>(null)
  const [isStarting, setIsStarting] = useState(false)
  const run = useRunsStore((s) => (runId ? (s.byId[runId] ?? null) : null))
  const busy = isStarting || (run !== null && isActiveRun(run))
  // The buttons disable themselves while the run works: focus moves to its note, not the page.
  const noteRef = useRef<HTMLSpanElement>(null)
  const [focusNote, setFocusNote] = useState(false)
  useEffect(() => {
    if (!focusNote) return
    noteRef.current?.focus()
    setFocusNote(false)
  }, [focusNote])
  async function start(direction: Direction): Promise<void> {
    setIsStarting(true)
    setFocusNote(true)
    const r = await getDeskApi().call('sync:run-traveller', {
      entityId: props.entityId,
      loginId: props.loginId,
      direction,
    })
    setIsStarting(false)
    if (r.ok) {
      setRunId(r.value.runId)
      useRunsStore.getState().watch(r.value, `${props.name || props.loginId} (${props.entityName})`)
    } else
      notifyFailure(`Could not sync ${props.name || props.loginId}`, r.problem, { entityId: props.entityId })
  }
  let note: string | null = null
  if (isStarting) note = 'Starting…'
  else if (run && isActiveRun(run)) note = 'Syncing…'
  else if (run) note = `${runStatus(run.state, run.counts.failed).text}: ${runCountsText(run.counts)}`
  const title = props.cannotSyncReason ?? undefined
  return (
    <span className="row">
      <button
        type="button"
        className="small"
        disabled={props.cannotSyncReason !== null || busy}
        title={title ?? 'Read the Concur profile and write it to Faces now'}
        onClick={() => void start('concur-to-faces')}
        aria-label={`Concur → Faces: sync ${props.name || props.loginId}`}
      >
        Concur → Faces
      </button>
      <button
        type="button"
        className="small"
        disabled={props.cannotSyncReason !== null || busy}
        title={title ?? 'Read the Faces traveller and write it to Concur now'}
        onClick={() => void start('faces-to-concur')}
        aria-label={`Faces → Concur: sync ${props.name || props.loginId}`}
      >
        Faces → Concur
      </button>
      {note ? (
        <span className="muted" role="status" tabIndex={-1} ref={noteRef}>
          {note}
        </span>
      ) : null}
    </span>
  )
}

/** A key that changes when a traveller run of the entity ends (to reload what it changed). */
export function useTravellerRunsEnded(entityId: string): string {
  return useRunsStore((s) =>
    Object.values(s.byId)
      .filter((r) => r.entityId === entityId && r.kind === 'traveller' && !isActiveRun(r))
      .map((r) => r.runId)
      .sort()
      .join('|'),
  )
}
