/**
 * Travellers of one entity with their last sync per direction, a one-traveller sync, and a link
 * to each traveller's detail (both sides' fields, last changes, history). Arrow keys move between
 * rows; the list reloads when a traveller sync ends.
 */
import { useState, type ReactNode } from 'react'
import type { TravellerView } from '../../../../shared/model'
import { Relative } from '../../lib/countdown'
import { moveRowFocus } from '../../lib/row-keys'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { OUTCOME_WORDS } from '../log/log-row'
import { TravellerSync, useTravellerRunsEnded } from '../travellers/traveller-sync'

const MAX_SHOWN = 200

function When(props: { ms: number | null }): ReactNode {
  return props.ms ? <Relative ms={props.ms} /> : <span className="muted">never</span>
}

function TravellerRow(props: {
  entityId: string
  entityName: string
  t: TravellerView
  cannotSyncReason: string | null
}): ReactNode {
  const { t } = props
  const go = useNavStore((s) => s.go)
  return (
    <tr className={t.inRetryList ? 'row-error' : undefined}>
      <td>
        <button
          type="button"
          className="link"
          onClick={() => go({ screen: 'traveller', entityId: props.entityId, loginId: t.loginId })}
        >
          {t.name || t.loginId}
        </button>
        <br />
        <span className="muted mono">{t.loginId}</span>
      </td>
      <td>
        <When ms={t.lastConcurToFacesMs} />
      </td>
      <td>
        <When ms={t.lastFacesToConcurMs} />
      </td>
      <td>
        {t.lastOutcome ? OUTCOME_WORDS[t.lastOutcome].text : '—'}
        {t.inRetryList ? (
          <>
            {' '}
            <span className="badge bad" title={t.retryError ?? undefined}>
              retried at every run
            </span>
          </>
        ) : null}
      </td>
      <td>
        <TravellerSync
          entityId={props.entityId}
          entityName={props.entityName}
          loginId={t.loginId}
          name={t.name}
          cannotSyncReason={props.cannotSyncReason}
        />
      </td>
    </tr>
  )
}

/** The travellers table. */
export function TravellersPanel(props: {
  entityId: string
  entityName: string
  cannotSyncReason: string | null
}): ReactNode {
  const ended = useTravellerRunsEnded(props.entityId)
  const [load, reload] = useRequest(
    'travellers:list',
    { entityId: props.entityId },
    `${props.entityId}#${ended}`,
  )
  const [text, setText] = useState('')
  let body: ReactNode
  if (load.status === 'failed')
    body = <ProblemBox problem={load.problem} title="Could not load the travellers" onRetry={reload} />
  else if (load.status !== 'ready') body = <Loading label="Loading travellers…" />
  else if (load.value.length === 0)
    body = <Empty>No travellers synced yet. They appear after the first poll.</Empty>
  else {
    const needle = text.trim().toLowerCase()
    const rows = load.value.filter(
      (t) => !needle || t.name.toLowerCase().includes(needle) || t.loginId.toLowerCase().includes(needle),
    )
    body = (
      <>
        <label className="inline">
          Find traveller{' '}
          <input
            type="search"
            value={text}
            data-shortcut="search"
            onChange={(e) => setText(e.target.value)}
            placeholder="Name or login id"
          />
        </label>
        <div className="table-scroll">
          <table onKeyDown={moveRowFocus}>
            <caption className="sr-only">Travellers; open one to compare both sides</caption>
            <thead>
              <tr>
                <th scope="col">Traveller</th>
                <th scope="col">Concur → Faces</th>
                <th scope="col">Faces → Concur</th>
                <th scope="col">Last outcome</th>
                <th scope="col">Sync</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_SHOWN).map((t) => (
                <TravellerRow
                  key={t.loginId}
                  entityId={props.entityId}
                  entityName={props.entityName}
                  t={t}
                  cannotSyncReason={props.cannotSyncReason}
                />
              ))}
            </tbody>
          </table>
        </div>
        {rows.length > MAX_SHOWN ? (
          <p className="muted">
            Showing {MAX_SHOWN} of {rows.length}; refine the search.
          </p>
        ) : rows.length === 0 ? (
          <p className="muted">No traveller matches “{text.trim()}”.</p>
        ) : null}
      </>
    )
  }
  return (
    <section className="panel wide" aria-labelledby="travellers-title">
      <div className="row spread">
        <h2 id="travellers-title">Travellers</h2>
        <button type="button" className="small" onClick={reload}>
          Refresh
        </button>
      </div>
      {body}
    </section>
  )
}
