/**
 * The sync log: live tail, filters, row details and CSV export. Main holds up to 100,000 records;
 * this screen shows the newest page for the filter and pages older ones in (beforeSeq) as the
 * user scrolls. Rows are virtualized.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { SyncLogRecord } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { fromZonedInputValue, toZonedInputValue } from '../../../../shared/intake/format-time'
import { BUSINESS_TIME_ZONE, formatClockSeconds, formatDate } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useEntitiesStore } from '../entities/entities-store'
import { directionLabel, LogRecordDetails, OUTCOME_BADGE } from './log-row'
import { useLogStore, type LogFilter } from './log-store'

const ROW_HEIGHT_PX = 34
const TEXT_DEBOUNCE_MS = 250

/** `datetime-local` value ↔ epoch ms, as wall time in the business zone (the rows show CET/CEST too). */
const toInput = (ms: number | undefined): string => toZonedInputValue(ms, BUSINESS_TIME_ZONE)
const fromInput = (value: string): number | undefined => fromZonedInputValue(value, BUSINESS_TIME_ZONE)

const LogRow = memo(function LogRow(props: {
  record: SyncLogRecord
  top: number
  isSelected: boolean
  onSelect: (seq: number) => void
}): ReactNode {
  const r = props.record
  return (
    <div
      role="row"
      className={props.isSelected ? 'grid-row log-grid selected' : 'grid-row log-grid'}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT_PX }}
      aria-selected={props.isSelected}
    >
      <div role="cell" className="mono muted" title={formatDate(r.atMs, BUSINESS_TIME_ZONE)}>
        {formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}
      </div>
      <div role="cell">
        <span className={`badge ${OUTCOME_BADGE[r.outcome]}`}>{r.outcome}</span>
      </div>
      <div role="cell" className="ellipsis">
        {r.entityName ?? '—'}
      </div>
      <div role="cell" className="ellipsis">
        {directionLabel(r.direction)}
      </div>
      <div role="cell" className="ellipsis">
        <button
          type="button"
          className="log-line"
          onClick={() => props.onSelect(r.seq)}
          aria-pressed={props.isSelected}
        >
          {r.traveller ? <span className="mono">{r.traveller}: </span> : null}
          {r.message}
        </button>
      </div>
    </div>
  )
})

/** The sync log screen. */
export function LogScreen(props: { entityId?: string }): ReactNode {
  const records = useLogStore((s) => s.records)
  const status = useLogStore((s) => s.status)
  const problem = useLogStore((s) => s.problem)
  const total = useLogStore((s) => s.total)
  const hasMore = useLogStore((s) => s.hasMore)
  const isLoadingMore = useLogStore((s) => s.isLoadingMore)
  const isLive = useLogStore((s) => s.isLive)
  const filter = useLogStore((s) => s.filter)
  const entities = useEntitiesStore((s) => s.byId)
  const [text, setText] = useState(filter.text ?? '')
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null)
  const [exportNote, setExportNote] = useState<{ text: string; problem: Problem | null } | null>(null)
  const scrollRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const store = useLogStore.getState()
    if (props.entityId !== undefined && store.filter.entityId !== props.entityId)
      void store.setFilter({ ...store.filter, entityId: props.entityId })
    else if (store.status === 'idle') void store.reload()
  }, [props.entityId])

  useEffect(() => {
    if ((filter.text ?? '') === text) return
    const t = setTimeout(
      () => void useLogStore.getState().setFilter({ ...useLogStore.getState().filter, text }),
      TEXT_DEBOUNCE_MS,
    )
    return () => clearTimeout(t)
  }, [text, filter.text])

  const entityOptions = useMemo(
    () => Object.values(entities).sort((a, b) => a.name.localeCompare(b.name)),
    [entities],
  )

  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
    initialRect: { width: 1200, height: 640 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items[items.length - 1]?.index ?? 0
  useEffect(() => {
    if (hasMore && !isLoadingMore && lastIndex >= records.length - 50) void useLogStore.getState().loadMore()
  }, [lastIndex, hasMore, isLoadingMore, records.length])

  function patch(p: Partial<LogFilter>): void {
    void useLogStore.getState().setFilter({ ...useLogStore.getState().filter, ...p })
  }

  async function exportCsv(): Promise<void> {
    setExportNote({ text: 'Exporting…', problem: null })
    const r = await getDeskApi().call('log:export-csv', useLogStore.getState().filter)
    if (!r.ok) return setExportNote({ text: '', problem: r.problem })
    const url = URL.createObjectURL(new Blob([r.value.csv], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = r.value.filename
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    setExportNote({ text: `Exported ${r.value.rows} records to ${r.value.filename}.`, problem: null })
  }

  const selected = selectedSeq === null ? null : (records.find((r) => r.seq === selectedSeq) ?? null)
  return (
    <section className="screen" aria-labelledby="log-title">
      <div className="screen-head">
        <h1 id="log-title">Sync log</h1>
        <div className="row">
          <label>
            <input
              type="checkbox"
              checked={isLive}
              onChange={(e) => useLogStore.getState().setLive(e.target.checked)}
            />{' '}
            Live tail
          </label>
          <button type="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
          <span role="status" className="muted">
            {exportNote?.text}
          </span>
        </div>
      </div>
      {exportNote?.problem ? (
        <ProblemBox problem={exportNote.problem} title="The export did not work" />
      ) : null}
      <div className="toolbar" role="search">
        <label>
          Entity
          <select
            value={filter.entityId ?? ''}
            onChange={(e) => patch({ entityId: e.target.value || undefined })}
          >
            <option value="">All entities</option>
            {entityOptions.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Direction
          <select
            value={filter.direction ?? ''}
            onChange={(e) => patch({ direction: (e.target.value || undefined) as LogFilter['direction'] })}
          >
            <option value="">Both</option>
            <option value="concur-to-faces">Concur → Faces</option>
            <option value="faces-to-concur">Faces → Concur</option>
          </select>
        </label>
        <label>
          Outcome
          <select
            value={filter.outcome ?? ''}
            onChange={(e) => patch({ outcome: (e.target.value || undefined) as LogFilter['outcome'] })}
          >
            <option value="">Any</option>
            {(['success', 'failed', 'rejected', 'warning', 'skipped', 'cancelled', 'info'] as const).map(
              (o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ),
            )}
          </select>
        </label>
        <label>
          Kind
          <select
            value={filter.kind ?? ''}
            onChange={(e) => patch({ kind: (e.target.value || undefined) as LogFilter['kind'] })}
          >
            <option value="">Any</option>
            <option value="traveller">Travellers</option>
            <option value="credential">Credential events</option>
            <option value="run-started">Runs started</option>
            <option value="run-finished">Runs finished</option>
          </select>
        </label>
        <label>
          Text
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Message, traveller, error"
          />
        </label>
        <label>
          From (CET/CEST)
          <input
            type="datetime-local"
            value={toInput(filter.fromMs)}
            onChange={(e) => patch({ fromMs: fromInput(e.target.value) })}
          />
        </label>
        <label>
          To (CET/CEST)
          <input
            type="datetime-local"
            value={toInput(filter.toMs)}
            onChange={(e) => patch({ toMs: fromInput(e.target.value) })}
          />
        </label>
        <span className="muted" aria-live="polite">
          {status === 'ready'
            ? `${total.toLocaleString('en-GB')} records${isLoadingMore ? ', loading older…' : ''}`
            : ''}
        </span>
      </div>
      <div className="log-layout">
        {status === 'failed' && problem ? (
          <ProblemBox
            problem={problem}
            title="Could not load the sync log"
            onRetry={() => void useLogStore.getState().reload()}
          />
        ) : status !== 'ready' ? (
          <Loading label="Loading the sync log…" />
        ) : records.length === 0 ? (
          <Empty>
            No record matches these filters{isLive ? ' yet; new ones appear here as they happen' : ''}.
          </Empty>
        ) : (
          <div className="grid-table" role="table" aria-label="Sync log records" aria-rowcount={total + 1}>
            <div role="rowgroup">
              <div role="row" className="grid-head log-grid">
                <div role="columnheader">Time (CET/CEST)</div>
                <div role="columnheader">Outcome</div>
                <div role="columnheader">Entity</div>
                <div role="columnheader">Direction</div>
                <div role="columnheader">Message</div>
              </div>
            </div>
            <div ref={scrollRef} className="grid-scroll" data-testid="log-scroll">
              <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((v) => {
                  const r = records[v.index]
                  return r ? (
                    <LogRow
                      key={r.seq}
                      record={r}
                      top={v.start}
                      isSelected={r.seq === selectedSeq}
                      onSelect={setSelectedSeq}
                    />
                  ) : null
                })}
              </div>
            </div>
          </div>
        )}
        <aside className="panel log-details" aria-labelledby="log-details-title">
          <h2 id="log-details-title">Details</h2>
          {selected ? (
            <LogRecordDetails record={selected} />
          ) : (
            <p className="muted">Select a record to see its details.</p>
          )}
        </aside>
      </div>
    </section>
  )
}
