/**
 * The sync log screen's window onto main's log: the newest page for the current filter, older pages
 * fetched on demand with `beforeSeq` as the user scrolls, and live records from 'log:appended'
 * prepended when they match the filter. Main holds the 100,000 records; the renderer holds only
 * what was scrolled through (capped at MAX_LOADED_RECORDS). The filter and the live switch survive
 * leaving the screen and reloading the page (localStorage); `resetFilter` clears them.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { SyncLogQuery, SyncLogRecord } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { persistStorage } from '../../lib/persist-storage'

/** Records fetched per page. */
export const LOG_PAGE_SIZE = 500
/** Most records kept in the renderer; older ones are fetched again when needed. */
export const MAX_LOADED_RECORDS = 50_000

/** The filter fields of the log screen. */
export type LogFilter = Omit<SyncLogQuery, 'beforeSeq' | 'limit'>

type LogState = {
  filter: LogFilter
  records: SyncLogRecord[]
  total: number
  /** When the oldest matching record was written (from main's answer). */
  oldestAtMs: number | null
  /** More records match than `total` counts (the desk stops counting at 10,000). */
  totalCapped: boolean
  hasMore: boolean
  status: 'idle' | 'loading' | 'ready' | 'failed'
  isLoadingMore: boolean
  problem: Problem | null
  /** Whether new records are added at the top as they arrive. */
  isLive: boolean
  /** Bumped on every filter load so a late answer for an old filter is dropped. */
  generation: number
  setFilter: (filter: LogFilter) => Promise<void>
  /** Back to every record (the live tail stays as it is). */
  resetFilter: () => Promise<void>
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  append: (records: SyncLogRecord[]) => void
  setLive: (isLive: boolean) => void
}

/** True when a record passes the filter (mirrors main's query so live records obey the same filter). */
export function matchesLogFilter(r: SyncLogRecord, f: LogFilter): boolean {
  if (f.entityId && r.entityId !== f.entityId) return false
  if (f.direction && r.direction !== f.direction) return false
  if (f.outcome && r.outcome !== f.outcome) return false
  if (f.kind && r.kind !== f.kind) return false
  if (f.runId && r.runId !== f.runId) return false
  if (f.fromMs !== undefined && r.atMs < f.fromMs) return false
  if (f.toMs !== undefined && r.atMs > f.toMs) return false
  if (f.text) {
    const needle = f.text.toLowerCase()
    const hay = `${r.message} ${r.entityName ?? ''} ${r.traveller ?? ''} ${r.error ?? ''} ${r.correlationId ?? ''}`
    if (!hay.toLowerCase().includes(needle)) return false
  }
  return true
}

function compact(filter: LogFilter): LogFilter {
  const out: LogFilter = {}
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') Object.assign(out, { [k]: v })
  return out
}

/** True when any filter is set. */
export function isFiltered(filter: LogFilter): boolean {
  return Object.keys(compact(filter)).length > 0
}

/** The sync log view. */
export const useLogStore = create<LogState>()(
  persist(
    (set, get) => ({
      filter: {},
      records: [],
      total: 0,
      totalCapped: false,
      oldestAtMs: null,
      hasMore: false,
      status: 'idle',
      isLoadingMore: false,
      problem: null,
      isLive: true,
      generation: 0,
      async setFilter(filter) {
        set({ filter: compact(filter) })
        await get().reload()
      },
      async resetFilter() {
        await get().setFilter({})
      },
      async reload() {
        const generation = get().generation + 1
        set({ generation, status: 'loading', problem: null })
        const r = await getDeskApi().call('log:query', { ...get().filter, limit: LOG_PAGE_SIZE })
        if (get().generation !== generation) return
        if (!r.ok) {
          set({
            status: 'failed',
            problem: r.problem,
            records: [],
            total: 0,
            totalCapped: false,
            hasMore: false,
          })
          return
        }
        set({
          status: 'ready',
          records: r.value.records,
          total: r.value.total,
          totalCapped: r.value.totalCapped === true,
          hasMore: r.value.hasMore,
          oldestAtMs: r.value.oldestAtMs ?? null,
        })
      },
      async loadMore() {
        const { records, hasMore, isLoadingMore, generation } = get()
        const oldest = records[records.length - 1]
        if (!hasMore || isLoadingMore || !oldest) return
        set({ isLoadingMore: true })
        const r = await getDeskApi().call('log:query', {
          ...get().filter,
          beforeSeq: oldest.seq,
          limit: LOG_PAGE_SIZE,
        })
        if (get().generation !== generation) return
        if (!r.ok) {
          set({ isLoadingMore: false, problem: r.problem })
          return
        }
        const merged = get().records.concat(r.value.records)
        set({
          isLoadingMore: false,
          records: merged.slice(0, MAX_LOADED_RECORDS),
          hasMore: r.value.hasMore && merged.length < MAX_LOADED_RECORDS,
        })
      },
      append(incoming) {
        const { isLive, filter, records, status } = get()
        if (!isLive || status !== 'ready') return
        const newestSeq = records[0]?.seq ?? 0
        const fresh = incoming.filter((r) => r.seq > newestSeq && matchesLogFilter(r, filter))
        if (fresh.length === 0) return
        fresh.sort((a, b) => b.seq - a.seq)
        set({
          records: fresh.concat(records).slice(0, MAX_LOADED_RECORDS),
          total: get().total + fresh.length,
        })
      },
      setLive(isLive) {
        set({ isLive })
        if (isLive) void get().reload()
      },
    }),
    {
      name: 'faces-concur-desk.log-filter.v1',
      storage: persistStorage<Pick<LogState, 'filter' | 'isLive'>>(),
      partialize: (s) => ({ filter: s.filter, isLive: s.isLive }),
    },
  ),
)
