/**
 * The entity table: search, filter by stage and credential state, sort by any column. Rows are
 * virtualized (only the visible ~30 are in the DOM), so 2,000 entities scroll as smoothly as 20.
 */
import { moveRowFocus } from '../../lib/row-keys'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useMemo, useRef, useState, type ReactNode } from 'react'
import type { EntityView } from '../../../../shared/model'
import { ONBOARDING_STEPS } from '../../../../shared/model'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { SyncNowButton } from '../sync/sync-now-button'
import { CredentialCell, LastPollCell, NextPollCell } from './entity-cells'
import { useEntitiesStore } from './entities-store'
import {
  DEFAULT_ENTITY_QUERY,
  isEntityInError,
  selectEntities,
  STAGE_LABELS,
  syncBlocker,
  type CredentialFilter,
  type EntityListQuery,
  type EntitySortKey,
} from './entity-list-model'
import { EntityFormDialog } from './entity-form'
import { CsvImportDialog } from './csv-import'

const ROW_HEIGHT_PX = 48

const COLUMNS: Array<{ key: EntitySortKey | null; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'outtaskId', label: 'Outtask ID' },
  { key: 'stage', label: 'Stage' },
  { key: 'credential', label: 'Credential' },
  { key: 'lastPoll', label: 'Last poll' },
  { key: 'nextPoll', label: 'Next poll' },
  { key: null, label: 'Actions' },
]

const CREDENTIAL_FILTERS: Array<{ value: CredentialFilter; label: string }> = [
  { value: 'any', label: 'Any credential' },
  { value: 'in-error', label: 'In error' },
  { value: 'none', label: 'No token' },
  { value: 'request-token', label: 'Request token' },
  { value: 'refresh-token', label: 'Connected (refresh token)' },
  { value: 'refresh-token-invalid', label: 'Token invalid' },
]

/** One table row; memoised so a store change to another entity leaves it alone. */
const EntityRow = memo(function EntityRow(props: {
  entity: EntityView
  top: number
  index: number
}): ReactNode {
  const e = props.entity
  const go = useNavStore((s) => s.go)
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      className={isEntityInError(e) ? 'grid-row entity-grid row-error' : 'grid-row entity-grid'}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT_PX }}
    >
      <div role="cell" className="cell-name">
        <button type="button" className="link" onClick={() => go({ screen: 'entity', entityId: e.id })}>
          {e.name}
        </button>
      </div>
      <div role="cell" className="mono">
        {e.outtaskId}
      </div>
      <div role="cell">{STAGE_LABELS[e.stage]}</div>
      <div role="cell">
        <CredentialCell credential={e.credential} />
      </div>
      <div role="cell">
        <LastPollCell poll={e.polling.lastPoll} />
      </div>
      <div role="cell">
        <NextPollCell active={e.polling.active} nextPollAtMs={e.polling.nextPollAtMs} />
      </div>
      <div role="cell">
        <SyncNowButton entityId={e.id} entityName={e.name} disabledReason={syncBlocker(e)} />
      </div>
    </div>
  )
})

/** The entities screen. */
export function EntitiesScreen(): ReactNode {
  const byId = useEntitiesStore((s) => s.byId)
  const status = useEntitiesStore((s) => s.status)
  const problem = useEntitiesStore((s) => s.problem)
  const load = useEntitiesStore((s) => s.load)
  // The header's "entities in error" chip opens the list already filtered.
  const routeFilter = useNavStore((s) => (s.route.screen === 'entities' ? s.route.credential : undefined))
  const [query, setQuery] = useState<EntityListQuery>(() => ({
    ...DEFAULT_ENTITY_QUERY,
    credential: routeFilter ?? DEFAULT_ENTITY_QUERY.credential,
  }))
  const [dialog, setDialog] = useState<'none' | 'add' | 'import'>('none')
  const rows = useMemo(() => selectEntities(Object.values(byId), query), [byId, query])
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 8,
    // jsdom and the first paint have no layout yet; assume a typical viewport so rows render at once.
    initialRect: { width: 1200, height: 720 },
  })

  function sortBy(key: EntitySortKey): void {
    setQuery((q) => ({ ...q, sortKey: key, isDescending: q.sortKey === key ? !q.isDescending : false }))
  }

  const total = Object.keys(byId).length
  return (
    <section aria-labelledby="entities-title" className="screen">
      <div className="screen-head">
        <h1 id="entities-title">Entities</h1>
        <div className="row">
          <button type="button" onClick={() => setDialog('add')}>
            Add entity
          </button>
          <button type="button" onClick={() => setDialog('import')}>
            Import CSV
          </button>
        </div>
      </div>
      <div className="toolbar" role="search">
        <label>
          Search
          <input
            type="search"
            value={query.text}
            placeholder="Name, Outtask ID or UUID"
            onChange={(ev) => setQuery({ ...query, text: ev.target.value })}
          />
        </label>
        <label>
          Stage
          <select
            value={query.stage}
            onChange={(ev) => setQuery({ ...query, stage: ev.target.value as EntityListQuery['stage'] })}
          >
            <option value="any">Any stage</option>
            {(['not-started', ...ONBOARDING_STEPS] as const).map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Credential
          <select
            value={query.credential}
            onChange={(ev) => setQuery({ ...query, credential: ev.target.value as CredentialFilter })}
          >
            {CREDENTIAL_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={query.showArchived}
            onChange={(ev) => setQuery({ ...query, showArchived: ev.target.checked })}
          />{' '}
          Show archived
        </label>
        <span className="muted" aria-live="polite">
          {status === 'ready' ? `${rows.length} of ${total} shown` : ''}
        </span>
      </div>
      {query.credential === 'in-error' ? (
        <p className="filter-note" role="status">
          Showing only the entities in error (failing polls or an unusable credential).{' '}
          <button type="button" className="link" onClick={() => setQuery({ ...query, credential: 'any' })}>
            Show all entities
          </button>
        </p>
      ) : null}
      {status === 'failed' && problem ? (
        <ProblemBox title="Could not load the entities" problem={problem} onRetry={() => void load()} />
      ) : status !== 'ready' ? (
        <Loading label="Loading entities…" />
      ) : total === 0 ? (
        <Empty>
          <p>
            No entities yet. Add the first one, import a CSV, or paste a request token: unknown Outtask IDs
            can create entities.
          </p>
        </Empty>
      ) : (
        <div role="table" aria-label="Entities" aria-rowcount={rows.length + 1} className="grid-table">
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className="grid-head entity-grid">
              {COLUMNS.map((c) => (
                <div
                  role="columnheader"
                  key={c.label}
                  aria-sort={
                    c.key && query.sortKey === c.key
                      ? query.isDescending
                        ? 'descending'
                        : 'ascending'
                      : undefined
                  }
                >
                  {c.key ? (
                    <button type="button" className="sort" onClick={() => sortBy(c.key as EntitySortKey)}>
                      {c.label}
                      <span aria-hidden="true">
                        {query.sortKey === c.key ? (query.isDescending ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </div>
              ))}
            </div>
          </div>
          <div ref={scrollRef} className="grid-scroll" data-testid="entities-scroll" onKeyDown={moveRowFocus}>
            {rows.length === 0 ? (
              <Empty>
                <p>No entity matches these filters.</p>
                <button type="button" onClick={() => setQuery(DEFAULT_ENTITY_QUERY)}>
                  Clear filters
                </button>
              </Empty>
            ) : (
              <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((v) => {
                  const e = rows[v.index]
                  return e ? <EntityRow key={e.id} entity={e} top={v.start} index={v.index} /> : null
                })}
              </div>
            )}
          </div>
        </div>
      )}
      {dialog === 'add' ? <EntityFormDialog entity={null} onClose={() => setDialog('none')} /> : null}
      {dialog === 'import' ? <CsvImportDialog onClose={() => setDialog('none')} /> : null}
    </section>
  )
}
