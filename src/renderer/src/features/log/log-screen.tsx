/**
 * The sync log: live tail, filters (log-filters.tsx), row details and CSV export. Main holds up to
 * 100,000 records; this screen shows the newest page for the filter and pages older ones in
 * (beforeSeq) as the user scrolls. Rows are virtualized; arrow keys move between them; rows show
 * their date once the records span more than one day.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, useState, type ReactNode } from 'react'
import type { SyncLogRecord } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import { downloadText } from '../../lib/download-file'
import { moveRowFocus } from '../../lib/row-keys'
import { BUSINESS_TIME_ZONE, formatClockSeconds, formatDate } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { notifyFailure, notifySuccess } from '../notifications/notify'
import { spansDays } from './log-dates'
import { LogFilters } from './log-filters'
import { directionLabel, LogRecordDetails, OUTCOME_WORDS } from './log-row'
import { isFiltered, useLogStore } from './log-store'

const ROW_HEIGHT_PX = 34

const LogRow = memo(function LogRow(props: {
  record: SyncLogRecord
  top: number
  isSelected: boolean
  isDated: boolean
  onSelect: (seq: number) => void
}): ReactNode {
  const r = props.record
  const grid = props.isDated ? 'grid-row log-grid dated' : 'grid-row log-grid'
  return (
    <div
      role="row"
      className={props.isSelected ? `${grid} selected` : grid}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT_PX }}
      aria-selected={props.isSelected}
    >
      <div role="cell" className="mono muted" title={formatDate(r.atMs, BUSINESS_TIME_ZONE)}>
        {props.isDated ? `${formatDate(r.atMs, BUSINESS_TIME_ZONE).slice(0, -5)} ` : ''}
        {formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}
      </div>
      <div role="cell">
        <span className={`badge ${OUTCOME_WORDS[r.outcome].badge}`}>{OUTCOME_WORDS[r.outcome].text}</span>
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
  const totalCapped = useLogStore((s) => s.totalCapped)
  const hasMore = useLogStore((s) => s.hasMore)
  const isLoadingMore = useLogStore((s) => s.isLoadingMore)
  const isLive = useLogStore((s) => s.isLive)
  const filter = useLogStore((s) => s.filter)
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null)
  const [isExporting, setIsExporting] = useState(false)
  const scrollRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const store = useLogStore.getState()
    if (props.entityId !== undefined && store.filter.entityId !== props.entityId)
      void store.setFilter({ ...store.filter, entityId: props.entityId })
    else if (store.status === 'idle') void store.reload()
  }, [props.entityId])

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

  async function exportCsv(): Promise<void> {
    setIsExporting(true)
    const r = await getDeskApi().call('log:export-csv', useLogStore.getState().filter)
    setIsExporting(false)
    if (!r.ok) return void notifyFailure('The sync log export did not work', r.problem)
    downloadText(r.value.csv, r.value.filename)
    notifySuccess(
      `Exported ${r.value.rows.toLocaleString('en-GB')} records to ${r.value.filename}`,
      isFiltered(useLogStore.getState().filter)
        ? 'Only the records matching the filters.'
        : 'Every record the desk keeps.',
    )
  }

  const oldestAtMs = useLogStore((s) => s.oldestAtMs)
  // Dates show when the matching records span days, also before the older ones are scrolled in.
  const isDated = spansDays(
    oldestAtMs !== null && records[0] ? [records[0], { atMs: oldestAtMs }] : records,
    BUSINESS_TIME_ZONE,
  )
  const selected = selectedSeq === null ? null : (records.find((r) => r.seq === selectedSeq) ?? null)
  const head = isDated ? 'grid-head log-grid dated' : 'grid-head log-grid'
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
          <button type="button" onClick={() => void exportCsv()} disabled={isExporting}>
            {isExporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <LogFilters
        status={
          <span className="muted" aria-live="polite">
            {status === 'ready'
              ? `${total.toLocaleString('en-GB')}${totalCapped ? '+' : ''} records${isLoadingMore ? ', loading older…' : ''}`
              : ''}
          </span>
        }
      />
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
            {isFiltered(filter) ? (
              <>
                {' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => void useLogStore.getState().resetFilter()}
                >
                  Reset filters
                </button>
              </>
            ) : null}
          </Empty>
        ) : (
          <div className="grid-table" role="table" aria-label="Sync log records" aria-rowcount={total + 1}>
            <div role="rowgroup">
              <div role="row" className={head}>
                <div role="columnheader">{isDated ? 'Date and time' : 'Time'} (CET/CEST)</div>
                <div role="columnheader">Outcome</div>
                <div role="columnheader">Entity</div>
                <div role="columnheader">Direction</div>
                <div role="columnheader">Message</div>
              </div>
            </div>
            <div ref={scrollRef} className="grid-scroll" data-testid="log-scroll" onKeyDown={moveRowFocus}>
              <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((v) => {
                  const r = records[v.index]
                  return r ? (
                    <LogRow
                      key={r.seq}
                      record={r}
                      top={v.start}
                      isSelected={r.seq === selectedSeq}
                      isDated={isDated}
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
