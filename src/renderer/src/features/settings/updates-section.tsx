/**
 * Settings → Updates: the running version, the last check, "Check for updates" and, once a
 * verified update is downloaded, "Restart to update", which waits while a sync runs. In service
 * mode (and in copies that cannot update themselves) it says why and what to do instead.
 */
import { useEffect, type ReactNode } from 'react'
import type { UpdateStatus } from '../../../../shared/model'
import { formatDateTime } from '../../lib/time-format'
import { InlineProblem, Loading } from '../../lib/ui'
import { useUpdatesStore } from './updates-store'

const BUSY: ReadonlySet<UpdateStatus['state']> = new Set(['checking', 'downloading', 'installing'])

function stateLine(s: UpdateStatus): string | null {
  switch (s.state) {
    case 'checking':
      return 'Checking for updates…'
    case 'downloading':
      return `Downloading version ${s.availableVersion ?? ''}… ${s.downloadPercent ?? 0}%`
    default:
      return s.message
  }
}

/** The Updates fieldset of the settings form. */
export function UpdatesSection(): ReactNode {
  const status = useUpdatesStore((s) => s.status)
  const problem = useUpdatesStore((s) => s.problem)
  useEffect(() => {
    if (!useUpdatesStore.getState().status) void useUpdatesStore.getState().load()
  }, [])

  if (!status)
    return (
      <fieldset>
        <legend>Updates</legend>
        {problem ? <InlineProblem problem={problem} /> : <Loading label="Loading…" />}
      </fieldset>
    )

  const waiting = status.state === 'ready' && status.syncsRunning > 0
  return (
    <fieldset aria-describedby="updates-state">
      <legend>Updates</legend>
      <p>
        Version {status.currentVersion}
        {status.state !== 'unsupported' ? (
          <span className="muted">
            {' '}
            · last checked {status.lastCheckedAtMs ? formatDateTime(status.lastCheckedAtMs) : 'not yet'}
          </span>
        ) : null}
      </p>
      <p id="updates-state" role="status" className={status.state === 'failed' ? 'inline-error' : undefined}>
        {stateLine(status)}
      </p>
      {status.state === 'downloading' ? (
        <progress max={100} value={status.downloadPercent ?? 0} aria-label="Download progress" />
      ) : null}
      {waiting ? (
        <p className="muted">
          {status.syncsRunning === 1 ? 'A sync is' : `${status.syncsRunning} syncs are`} running: the update
          waits until {status.syncsRunning === 1 ? 'it has' : 'they have'} finished, so nothing is
          interrupted.
        </p>
      ) : null}
      <InlineProblem problem={problem} />
      {status.state !== 'unsupported' ? (
        <div className="row">
          <button
            type="button"
            disabled={BUSY.has(status.state) || status.state === 'ready'}
            onClick={() => void useUpdatesStore.getState().check()}
          >
            Check for updates
          </button>
          {status.state === 'ready' || status.state === 'installing' ? (
            <button
              type="button"
              className="primary"
              disabled={waiting || status.state === 'installing'}
              onClick={() => void useUpdatesStore.getState().install()}
            >
              Restart to update
            </button>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  )
}
