/** Everything about one entity: onboarding, case, credentials, manual syncs, travellers, chart, log. */
import { useState, type ReactNode } from 'react'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { useNowStore } from '../../lib/now-store'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { RunsPanel } from '../sync/runs-panel'
import { useEntitiesStore } from './entities-store'
import { EntityFormDialog } from './entity-form'
import { LastPollCell, NextPollCell } from './entity-cells'
import { STAGE_LABELS } from './entity-list-model'
import { CaseComposerPanel } from './case-composer-panel'
import { ChecklistPanel, CredentialPanel } from './entity-panels'
import { CredentialHistoryPanel } from './credential-history-panel'
import { EntityLogPanel } from './entity-log-panel'
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

/** The entity detail screen. */
export function EntityDetailScreen(props: { entityId: string }): ReactNode {
  const entity = useEntitiesStore((s) => s.byId[props.entityId])
  const status = useEntitiesStore((s) => s.status)
  const problem = useEntitiesStore((s) => s.problem)
  const go = useNavStore((s) => s.go)
  const [isEditing, setIsEditing] = useState(false)
  const [pollingError, setPollingError] = useState<string | null>(null)
  const [pendingPolling, setPendingPolling] = useState<boolean | null>(null)
  const [isConfirmingArchive, setIsConfirmingArchive] = useState(false)
  const [composeRequest, setComposeRequest] = useState(0)

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

  const canSync = entity.credential.state === 'refresh-token'

  async function setPolling(active: boolean): Promise<void> {
    setPollingError(null)
    setPendingPolling(active)
    const r = await getDeskApi().call('entities:set-polling', { entityId: props.entityId, active })
    setPendingPolling(null)
    if (r.ok) useEntitiesStore.getState().upsert(r.value)
    else setPollingError(problemText(r.problem))
  }

  async function setArchived(archived: boolean): Promise<void> {
    setIsConfirmingArchive(false)
    setPollingError(null)
    const r = await getDeskApi().call('entities:archive', { entityId: props.entityId, archived })
    if (r.ok) useEntitiesStore.getState().upsert(r.value)
    else setPollingError(problemText(r.problem))
  }

  async function acknowledgeLoginChanges(): Promise<void> {
    const r = await getDeskApi().call('entities:ack-login-changes', { entityId: props.entityId })
    if (r.ok) useEntitiesStore.getState().upsert(r.value)
    else setPollingError(problemText(r.problem))
  }

  return (
    <section className="screen" aria-labelledby="entity-title">
      <button type="button" className="link" onClick={() => go({ screen: 'entities' })}>
        ← All entities
      </button>
      <div className="screen-head">
        <div>
          <h1 id="entity-title">{entity.name}</h1>
          <p className="muted">
            Outtask ID <span className="mono">{entity.outtaskId}</span> · UUID{' '}
            <span className="mono">{entity.companyUuid}</span> · Faces{' '}
            <span className="mono">{entity.facesCompanyId}</span> · {STAGE_LABELS[entity.stage]}
            {entity.geolocation ? ` · ${entity.geolocation}` : ''}
            {entity.archived ? ' · archived' : ''}
          </p>
        </div>
        <div className="row">
          <button type="button" onClick={() => setIsEditing(true)}>
            Edit entity
          </button>
          {entity.archived ? (
            <button type="button" onClick={() => void setArchived(false)}>
              Restore from archive
            </button>
          ) : isConfirmingArchive ? (
            <>
              <button type="button" className="danger" onClick={() => void setArchived(true)}>
                Archive: stop polling and hide it
              </button>
              <button type="button" onClick={() => setIsConfirmingArchive(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setIsConfirmingArchive(true)}>
              Archive…
            </button>
          )}
        </div>
      </div>
      <div className="status-strip">
        <span>
          Last poll: <LastPollCell poll={entity.polling.lastPoll} />
        </span>
        <span>
          Next poll:{' '}
          <NextPollCell active={entity.polling.active} nextPollAtMs={entity.polling.nextPollAtMs} />
        </span>
        {entity.polling.consecutiveFailures > 0 ? (
          <span className="badge bad">{entity.polling.consecutiveFailures} failed polls in a row</span>
        ) : null}
        {entity.loginIdChanges > 0 ? (
          <span className="row">
            <span className="badge warn">
              {entity.loginIdChanges} login-id change{entity.loginIdChanges === 1 ? '' : 's'} to review
            </span>
            <button type="button" className="small" onClick={() => void acknowledgeLoginChanges()}>
              Mark as reviewed
            </button>
          </span>
        ) : null}
        {entity.polling.retryListSize > 0 ? (
          <span className="badge warn">{entity.polling.retryListSize} travellers to retry</span>
        ) : null}
        <label>
          <input
            type="checkbox"
            checked={pendingPolling ?? entity.polling.active}
            onChange={(e) => void setPolling(e.target.checked)}
          />{' '}
          Polling active
        </label>
        {pollingError ? (
          <span className="inline-error" role="alert">
            {pollingError}
          </span>
        ) : null}
      </div>
      <div className="panels">
        <ChecklistPanel entity={entity} />
        <CredentialPanel entity={entity} onComposeCase={() => setComposeRequest((n) => n + 1)} />
        <CaseComposerPanel entityId={entity.id} composeRequest={composeRequest} />
        {entity.credential.state !== 'refresh-token' ? <SandboxReplyPanel entityId={entity.id} /> : null}
        <RunsPanel entityId={entity.id} canSync={canSync} />
        <PollStatsPanel entityId={entity.id} lastPollAtMs={entity.polling.lastPoll?.atMs ?? null} />
        <TravellersPanel entityId={entity.id} canSync={canSync} />
        <CredentialHistoryPanel entity={entity} />
        <EntityLogPanel entityId={entity.id} />
      </div>
      {isEditing ? <EntityFormDialog entity={entity} onClose={() => setIsEditing(false)} /> : null}
    </section>
  )
}
