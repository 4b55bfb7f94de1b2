/**
 * One traveller: both systems' fields side by side (differences marked in words, not only colour),
 * the last change the desk carried in each direction with before and after, its retry state, a
 * one-traveller sync, and its sync-log history.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import type { ChangeNote, TravellerDetail } from '../../../../shared/model'
import { Relative } from '../../lib/countdown'
import { moveRowFocus } from '../../lib/row-keys'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { cannotSyncReason } from '../entities/entity-words'
import { directionLabel, OUTCOME_WORDS } from '../log/log-row'
import { TravellerSync, useTravellerRunsEnded } from './traveller-sync'

const EMPTY = <span className="muted">(empty)</span>
const value = (v: string | null): ReactNode => (v === null ? EMPTY : v)

function FieldsPanel(props: { detail: TravellerDetail }): ReactNode {
  const d = props.detail
  const differing = d.fields.filter((f) => f.concur !== f.faces).length
  const bothRead = d.concurProblem === null && d.facesProblem === null
  return (
    <section className="panel wide" aria-labelledby="fields-title">
      <h2 id="fields-title">Fields on both sides</h2>
      <p className="muted">
        Read {formatBusinessDateTime(d.readAtMs)}.{' '}
        {bothRead
          ? differing === 0
            ? 'Both systems hold the same values.'
            : `${differing} field${differing === 1 ? ' differs' : 's differ'}; the next sync in the direction of the newer change aligns ${differing === 1 ? 'it' : 'them'}.`
          : null}{' '}
        Passport numbers show their last three characters only.
      </p>
      {d.concurProblem ? <p className="inline-error">{d.concurProblem}</p> : null}
      {d.facesProblem ? <p className="inline-error">{d.facesProblem}</p> : null}
      {d.fields.length === 0 ? (
        <Empty>Neither system returned any field for this traveller.</Empty>
      ) : (
        <div className="table-scroll tall">
          <table className="compare">
            <caption className="sr-only">Each field in Concur and in Faces</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Concur</th>
                <th scope="col">Faces</th>
                <th scope="col">Same?</th>
              </tr>
            </thead>
            <tbody>
              {d.fields.map((f) => {
                const same = f.concur === f.faces
                return (
                  <tr key={f.field} className={same ? undefined : 'row-differs'}>
                    <th scope="row">{f.label}</th>
                    <td className="value">
                      {d.concurProblem ? <span className="muted">unknown</span> : value(f.concur)}
                    </td>
                    <td className="value">
                      {d.facesProblem ? <span className="muted">unknown</span> : value(f.faces)}
                    </td>
                    <td>{bothRead ? same ? 'same' : <span className="badge warn">differs</span> : '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function ChangePanel(props: {
  id: string
  title: string
  note: ChangeNote | null
  never: string
}): ReactNode {
  const n = props.note
  return (
    <section className="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {!n ? (
        <p className="muted">{props.never}</p>
      ) : (
        <>
          <p className="muted">
            {formatBusinessDateTime(n.atMs)} (<Relative ms={n.atMs} />)
            {n.isFirstCopy
              ? ': first copy, every field written.'
              : `: ${n.changes.length} field${n.changes.length === 1 ? '' : 's'} changed.`}
          </p>
          <table className="compare">
            <caption className="sr-only">{props.title}: each field before and after</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {n.changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.label}</th>
                  <td className="value">
                    {n.isFirstCopy ? <span className="muted">(not in Faces yet)</span> : value(c.before)}
                  </td>
                  <td className="value">
                    {c.after === null ? <span className="muted">(removed)</span> : c.after}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

function HistoryPanel(props: { detail: TravellerDetail }): ReactNode {
  const h = props.detail.history
  return (
    <section className="panel wide" aria-labelledby="traveller-history-title">
      <h2 id="traveller-history-title">History</h2>
      {h.length === 0 ? (
        <Empty>Nothing logged for this traveller yet: syncs that write or fail appear here.</Empty>
      ) : (
        <div className="table-scroll">
          <table onKeyDown={moveRowFocus}>
            <caption className="sr-only">Sync-log records of this traveller, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (CET/CEST)</th>
                <th scope="col">Direction</th>
                <th scope="col">Outcome</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {h.map((r) => (
                <tr key={r.seq}>
                  <td>{formatBusinessDateTime(r.atMs)}</td>
                  <td>{directionLabel(r.direction)}</td>
                  <td>
                    <span className={`badge ${OUTCOME_WORDS[r.outcome].badge}`}>
                      {OUTCOME_WORDS[r.outcome].text}
                    </span>
                  </td>
                  <td>
                    {r.message}
                    {r.error ? <div className="muted">{r.error}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** The traveller detail screen. */
export function TravellerDetailScreen(props: { entityId: string; loginId: string }): ReactNode {
  const entity = useEntitiesStore((s) => s.byId[props.entityId])
  const go = useNavStore((s) => s.go)
  const ended = useTravellerRunsEnded(props.entityId)
  const [load, reload] = useRequest(
    'travellers:detail',
    { entityId: props.entityId, loginId: props.loginId },
    `${props.entityId}#${props.loginId}#${ended}`,
  )
  const heading = useRef<HTMLHeadingElement>(null)
  const ready = load.status === 'ready'
  useEffect(() => {
    if (ready) heading.current?.focus()
  }, [ready])
  const back = (
    <button type="button" className="link" onClick={() => go({ screen: 'entity', entityId: props.entityId })}>
      ← {entity?.name ?? 'Entity'}
    </button>
  )
  if (load.status === 'failed')
    return (
      <section className="screen">
        {back}
        <ProblemBox problem={load.problem} title="Could not read this traveller" onRetry={reload} />
      </section>
    )
  if (load.status !== 'ready')
    return (
      <section className="screen">
        {back}
        <Loading label="Reading the traveller from Concur and Faces…" />
      </section>
    )
  const d = load.value
  return (
    <section className="screen" aria-labelledby="traveller-title">
      {back}
      <div className="screen-head">
        <div>
          <h1 id="traveller-title" ref={heading} tabIndex={-1}>
            {d.name}
          </h1>
          <p className="muted">
            Login ID <span className="mono">{d.loginId}</span>
            {d.employeeId ? (
              <>
                {' '}
                · Employee ID <span className="mono">{d.employeeId}</span>
              </>
            ) : null}{' '}
            · {entity?.name ?? 'entity'}
          </p>
        </div>
        <div className="row">
          <TravellerSync
            entityId={props.entityId}
            entityName={entity?.name ?? 'the entity'}
            loginId={d.loginId}
            name={d.name}
            cannotSyncReason={entity ? cannotSyncReason(entity) : 'The entity is not loaded.'}
          />
          <button type="button" onClick={reload}>
            Read again
          </button>
        </div>
      </div>
      <div className="status-strip">
        <span>
          Last Concur → Faces:{' '}
          {d.lastConcurToFacesMs ? (
            <Relative ms={d.lastConcurToFacesMs} />
          ) : (
            <span className="muted">never</span>
          )}
        </span>
        <span>
          Last Faces → Concur:{' '}
          {d.lastFacesToConcurMs ? (
            <Relative ms={d.lastFacesToConcurMs} />
          ) : (
            <span className="muted">never</span>
          )}
        </span>
        {d.inRetryList ? (
          <span className="badge bad">Retried at every run: {d.retryError ?? 'the last sync failed'}</span>
        ) : null}
      </div>
      <div className="panels">
        <FieldsPanel detail={d} />
        <ChangePanel
          id="c2f-title"
          title="Last change Concur → Faces"
          note={d.lastChange.concurToFaces}
          never="The desk has not changed this traveller in Faces yet (or did before it kept changes)."
        />
        <ChangePanel
          id="f2c-title"
          title="Last change Faces → Concur"
          note={d.lastChange.facesToConcur}
          never="The desk has not changed this traveller in Concur yet (or did before it kept changes)."
        />
        <HistoryPanel detail={d} />
      </div>
    </section>
  )
}
