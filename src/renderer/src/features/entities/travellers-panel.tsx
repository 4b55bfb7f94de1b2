/** Travellers of one entity with their last sync per direction and a one-traveller sync. */
import { useState, type ReactNode } from 'react'
import type { Direction, TravellerView } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import { Relative } from '../../lib/countdown'
import { problemText } from '../../lib/problem-text'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useRunsStore } from '../sync/runs-store'

const MAX_SHOWN = 200

function TravellerSync(props: { entityId: string; traveller: TravellerView; canSync: boolean }): ReactNode {
  const [note, setNote] = useState<string | null>(null)
  async function run(direction: Direction): Promise<void> {
    setNote('Starting…')
    const r = await getDeskApi().call('sync:run-traveller', {
      entityId: props.entityId,
      loginId: props.traveller.loginId,
      direction,
    })
    if (r.ok) {
      useRunsStore.getState().upsert(r.value)
      setNote('Started')
    } else setNote(problemText(r.problem))
  }
  return (
    <span className="row">
      <button
        type="button"
        className="small"
        disabled={!props.canSync}
        onClick={() => void run('concur-to-faces')}
        aria-label={`Concur → Faces: sync ${props.traveller.name}`}
      >
        Concur → Faces
      </button>
      <button
        type="button"
        className="small"
        disabled={!props.canSync}
        onClick={() => void run('faces-to-concur')}
        aria-label={`Faces → Concur: sync ${props.traveller.name}`}
      >
        Faces → Concur
      </button>
      {note ? (
        <span className="muted" role="status">
          {note}
        </span>
      ) : null}
    </span>
  )
}

/** The travellers table. */
export function TravellersPanel(props: { entityId: string; canSync: boolean }): ReactNode {
  const [load, reload] = useRequest('travellers:list', { entityId: props.entityId }, props.entityId)
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
            onChange={(e) => setText(e.target.value)}
            placeholder="Name or login id"
          />
        </label>
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Travellers</caption>
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
                <tr key={t.loginId} className={t.inRetryList ? 'row-error' : undefined}>
                  <td>
                    {t.name}
                    <br />
                    <span className="muted mono">{t.loginId}</span>
                  </td>
                  <td>
                    {t.lastConcurToFacesMs ? (
                      <Relative ms={t.lastConcurToFacesMs} />
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    {t.lastFacesToConcurMs ? (
                      <Relative ms={t.lastFacesToConcurMs} />
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    {t.lastOutcome ?? '—'}
                    {t.inRetryList ? (
                      <span className="badge bad" title={t.retryError ?? undefined}>
                        {' '}
                        retrying
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <TravellerSync entityId={props.entityId} traveller={t} canSync={props.canSync} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length > MAX_SHOWN ? (
          <p className="muted">
            Showing {MAX_SHOWN} of {rows.length}; refine the search.
          </p>
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
