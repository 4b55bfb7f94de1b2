/**
 * Everything about one entity: onboarding, case, credentials, the Manual sync card (latest run),
 * the run history, travellers, chart and log. Every action toasts its outcome; the archive
 * confirmation is inline (Escape keeps the entity) and focus lands on what the action produced.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { getDeskApi } from '../../api/desk-api-client'
import { useNowStore } from '../../lib/now-store'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { notifyFailure, notifySuccess } from '../notifications/notify'
import { RunHistoryPanel } from '../sync/run-history-panel'
import { RunsPanel } from '../sync/runs-panel'
import { useRunHistory } from '../sync/use-run-history'
import { useEntitiesStore } from './entities-store'
import { EntityFormDialog } from './entity-form'
import { LastPollCell, NextPollCell } from './entity-cells'
import { STAGE_LABELS } from './entity-list-model'
import { CaseComposerPanel } from './case-composer-panel'
import { ChecklistPanel, CredentialPanel } from './entity-panels'
import { CredentialHistoryPanel } from './credential-history-panel'
import { EntityLogPanel } from './entity-log-panel'
import { cannotSyncReason, dataCentreWords } from './entity-words'
import { EntityActivityPanel } from '../team/entity-activity-panel'
import { PollChart } from './poll-chart'
import { SandboxReplyPanel } from './sandbox-reply-panel'
import { TravellersPanel } from './travellers-panel'

function PollStatsPanel(props: { entityId: string; lastPollAtMs: number | null }): ReactNode {
  // The 24-hour window is fixed when the panel opens (and after each poll), not on every tick.
  const [sinceMs] = useState(() => useNowStore.getState().nowMs - 24 * 3_600_000)
  const [load, reload] = useRequest(
    'sync:poll-stats',
    { entityId: props.entityId, sinceMs: Math.max(0, Math.floor(sinceMs)) },
    `${props.entityId}#${props.lastPollAtMs ?? 0}`,
  )
  return (
    <section className="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">Last 24 hours</h2>
      {load.status === 'failed' ? (
        <ProblemBox problem={load.problem} title="Could not load the poll statistics" onRetry={reload} />
      ) : load.status !== 'ready' ? (
        <Loading label="Loading statistics…" />
      ) : load.value.length === 0 ? (
        <Empty>No polls in the last 24 hours.</Empty>
      ) : (
        <>
          <PollChart stats={load.value} nowMs={sinceMs + 24 * 3_600_000} />
          <p className="legend">
            <span className="swatch ok" aria-hidden="true" /> profiles synced{' '}
            <span className="swatch bad" aria-hidden="true" /> failures
          </p>
        </>
      )}
    </section>
  )
}

/** Archive with an inline confirmation: Escape or "Keep it" cancels, focus follows the choice. */
function ArchiveControl(props: { archived: boolean; onArchive: (archived: boolean) => void }): ReactNode {
  const [isConfirming, setIsConfirming] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const askRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus()
  }, [isConfirming])
  function cancel(): void {
    setIsConfirming(false)
    requestAnimationFrame(() => askRef.current?.focus())
  }
  if (props.archived)
    return (
      <button type="button" onClick={() => props.onArchive(false)}>
        Restore from archive
      </button>
    )
  if (!isConfirming)
    return (
      <button type="button" ref={askRef} onClick={() => setIsConfirming(true)}>
        Archive…
      </button>
    )
  return (
    <span
      className="row confirm"
      role="group"
      aria-label="Confirm archiving"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.stopPropagation()
        cancel()
      }}
    >
      <button
        type="button"
        ref={confirmRef}
        className="danger"
        onClick={() => {
          setIsConfirming(false)
          props.onArchive(true)
        }}
      >
        Archive: stop polling and hide it
      </button>
      <button type="button" onClick={cancel}>
        Keep it
      </button>
    </span>
  )
}

/** The entity detail screen. */
export function EntityDetailScreen(props: { entityId: string }): ReactNode {
  const entity = useEntitiesStore((s) => s.byId[props.entityId])
  const status = useEntitiesStore((s) => s.status)
  const problem = useEntitiesStore((s) => s.problem)
  const go = useNavStore((s) => s.go)
  const [isEditing, setIsEditing] = useState(false)
  const [pendingPolling, setPendingPolling] = useState<boolean | null>(null)
  const [composeRequest, setComposeRequest] = useState(0)
  const [runs, reloadRuns] = useRunHistory(props.entityId)
  const [sandbox] = useRequest('sandbox:status', {}, 'sandbox')
  const headingRef = useRef<HTMLHeadingElement>(null)

  if (!entity) {
    return (
      <section className="screen">
        <button type="button" className="link" onClick={() => go({ screen: 'entities' })}>
          ← All entities
        </button>
        {status === 'failed' && problem ? (
          <ProblemBox
            problem={problem}
            title="Could not load the entity"
            onRetry={() => void useEntitiesStore.getState().load()}
          />
        ) : status === 'ready' ? (
          <Empty>This entity no longer exists.</Empty>
        ) : (
          <Loading label="Loading the entity…" />
        )}
      </section>
    )
  }

  const e = entity
  const reason = cannotSyncReason(e)
  const target = { entityId: e.id }
  const latest = runs.status === 'ready' ? (runs.value.find((r) => r.kind !== 'traveller') ?? null) : null

  async function setPolling(active: boolean): Promise<void> {
    setPendingPolling(active)
    const r = await getDeskApi().call('entities:set-polling', { entityId: e.id, active })
    setPendingPolling(null)
    if (!r.ok)
      return void notifyFailure(
        `Could not turn polling ${active ? 'on' : 'off'} for ${e.name}`,
        r.problem,
        target,
      )
    useEntitiesStore.getState().upsert(r.value)
    const next = r.value.polling.nextPollAtMs
    notifySuccess(
      `Polling ${active ? 'on' : 'off'} for ${e.name}`,
      active
        ? next
          ? `Next poll ${formatBusinessDateTime(next)}; Concur changes reach Faces every 15 minutes.`
          : 'It polls at the next scheduled slot.'
        : 'Concur changes stay in Concur until polling is on again; Faces changes still reach Concur.',
      target,
    )
  }

  async function setArchived(archived: boolean): Promise<void> {
    const r = await getDeskApi().call('entities:archive', { entityId: e.id, archived })
    if (!r.ok)
      return void notifyFailure(`Could not ${archived ? 'archive' : 'restore'} ${e.name}`, r.problem, target)
    useEntitiesStore.getState().upsert(r.value)
    notifySuccess(
      archived ? `${e.name} archived` : `${e.name} restored`,
      archived
        ? 'Polling stopped and it is hidden from the list ("Show archived" finds it).'
        : 'It is back in the list; turn polling on when it should sync again.',
      target,
    )
    headingRef.current?.focus()
  }

  async function acknowledgeLoginChanges(): Promise<void> {
    const r = await getDeskApi().call('entities:ack-login-changes', { entityId: e.id })
    if (!r.ok) return void notifyFailure('Could not mark the login-ID changes as reviewed', r.problem, target)
    useEntitiesStore.getState().upsert(r.value)
    notifySuccess(`Login-ID changes of ${e.name} marked as reviewed`, '', target)
    headingRef.current?.focus()
  }

  const centres = sandbox.status === 'ready' ? sandbox.value.concurDataCentres : {}
  return (
    <section className="screen" aria-labelledby="entity-title">
      <button type="button" className="link" onClick={() => go({ screen: 'entities' })}>
        ← All entities
      </button>
      <div className="screen-head">
        <div>
          <h1 id="entity-title" ref={headingRef} tabIndex={-1}>
            {e.name}
          </h1>
          <p className="muted">
            Outtask ID <span className="mono">{e.outtaskId}</span> · UUID{' '}
            <span className="mono">{e.companyUuid}</span> · Faces company{' '}
            <span className="mono">{e.facesCompanyId}</span> · {STAGE_LABELS[e.stage]}
            {e.geolocation ? ` · ${dataCentreWords(e.geolocation, centres)}` : ''}
            {e.archived ? ' · archived' : ''}
          </p>
        </div>
        <div className="row">
          <button type="button" onClick={() => setIsEditing(true)}>
            Edit entity
          </button>
          <ArchiveControl archived={e.archived} onArchive={(a) => void setArchived(a)} />
        </div>
      </div>
      <div className="status-strip">
        <span>
          Last poll: <LastPollCell poll={e.polling.lastPoll} />
        </span>
        <span>
          Next poll: <NextPollCell active={e.polling.active} nextPollAtMs={e.polling.nextPollAtMs} />
        </span>
        {e.polling.consecutiveFailures > 0 ? (
          <span className="badge bad">{e.polling.consecutiveFailures} failed polls in a row</span>
        ) : null}
        {e.loginIdChanges > 0 ? (
          <span className="row">
            <span className="badge warn">
              {e.loginIdChanges} login-ID change{e.loginIdChanges === 1 ? '' : 's'} to review
            </span>
            <button type="button" className="small" onClick={() => void acknowledgeLoginChanges()}>
              Mark as reviewed
            </button>
          </span>
        ) : null}
        {e.polling.retryListSize > 0 ? (
          <span className="badge warn">
            {e.polling.retryListSize} traveller{e.polling.retryListSize === 1 ? '' : 's'} retried at every run
          </span>
        ) : null}
        <label title={e.archived ? 'Archived entities do not poll: restore it first.' : undefined}>
          <input
            type="checkbox"
            checked={pendingPolling ?? e.polling.active}
            disabled={e.archived}
            onChange={(ev) => void setPolling(ev.target.checked)}
          />{' '}
          Polling active
        </label>
      </div>
      <div className="panels">
        <ChecklistPanel entity={e} />
        <CredentialPanel entity={e} onComposeCase={() => setComposeRequest((n) => n + 1)} />
        <CaseComposerPanel entityId={e.id} composeRequest={composeRequest} />
        {e.credential.state !== 'refresh-token' ? <SandboxReplyPanel entityId={e.id} /> : null}
        <RunsPanel entityId={e.id} entityName={e.name} cannotSyncReason={reason} latest={latest} />
        <PollStatsPanel entityId={e.id} lastPollAtMs={e.polling.lastPoll?.atMs ?? null} />
        <RunHistoryPanel load={runs} onRetry={reloadRuns} />
        <TravellersPanel entityId={e.id} entityName={e.name} cannotSyncReason={reason} />
        <CredentialHistoryPanel entity={e} />
        <EntityActivityPanel entityId={e.id} />
        <EntityLogPanel entityId={e.id} />
      </div>
      {isEditing ? <EntityFormDialog entity={e} onClose={() => setIsEditing(false)} /> : null}
    </section>
  )
}
