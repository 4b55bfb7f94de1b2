/**
 * The sync log: structured records per run and per traveller, kept as indexed rows in the desk's
 * database (SyncLogStore port), with live batched pushes, retention and a CSV export that reads
 * the store a page at a time.
 *
 * Every record passes through redactDeep before it is kept, written or pushed, so a secret that
 * slipped into a message never reaches the database. Appends are synchronous for the caller and
 * reach the store in batches (one transaction per batch); a query first waits for them, so a
 * record appended before it is always found. Seq numbers are assigned here, from the store's
 * highest one at open: one desk owns a store at a time (the owner lock).
 */
import Papa from 'papaparse'
import { Temporal } from 'temporal-polyfill'
import { BUSINESS_TIME_ZONE, zoneAbbreviation } from '../../../shared/intake/format-time'
import type { SyncLogPage, SyncLogQuery, SyncLogRecord } from '../../../shared/model'
import { redactDeep } from '../../logging/redact'
import { DeskError } from '../errors/desk-error'
import type { Clock } from '../ports'
import { safeCsvCell } from './csv-cells'
import { SYNC_LOG_FIELDS, type SyncLogFilter, type SyncLogStore } from './sync-log-store'

/** A record as callers write it; the log assigns `seq` and `atMs`. */
export type SyncLogInput = Omit<
  SyncLogRecord,
  | 'seq'
  | 'atMs'
  | 'entityName'
  | 'runId'
  | 'direction'
  | 'traveller'
  | 'durationMs'
  | 'error'
  | 'correlationId'
  | 'credential'
  | 'run'
> &
  Partial<
    Pick<
      SyncLogRecord,
      | 'atMs'
      | 'entityName'
      | 'runId'
      | 'direction'
      | 'traveller'
      | 'durationMs'
      | 'error'
      | 'correlationId'
      | 'credential'
      | 'run'
    >
  >

/** How long the log keeps records; null switches a limit off. */
export type SyncLogRetention = { maxAgeDays: number | null; maxRecords: number | null }

/** Dependencies of the sync log. */
export type SyncLogDeps = Readonly<{
  store: SyncLogStore
  clock: Clock
  /** Receives new records in batches (for 'log:appended' pushes). */
  onAppended?: (records: SyncLogRecord[]) => void
  /** How long appended records gather before one push. @default 250 */
  batchMs?: number
  /** Zone of the export file name's date and time (the rows' zone on screen). @default Europe/Zurich */
  timeZone?: string
  /** Read before every prune (Settings → Sync log). @default 90 days, 2,000,000 records */
  retention?: () => SyncLogRetention
  /** How often retention runs while the log is open. @default 3600000 (1 h) */
  pruneEveryMs?: number
  /** A query counts matches up to this many ("10,000+"), so a count never scans the whole log. @default 10000 */
  countCap?: number
  /**
   * Several team-desk instances writing one log (issue 13 C): each numbers its records in its own
   * lane (seq ≡ lane mod lanes) of time-ordered numbers (at least atMs × lanes), so their seqs never
   * collide and the log still reads in time order across instances. Absent: plain counting.
   */
  seqLane?: { lane: number; lanes: number }
}>

/** Retention when settings say nothing. */
export const DEFAULT_SYNC_LOG_RETENTION: SyncLogRetention = { maxAgeDays: 90, maxRecords: 2_000_000 }

/** The sync log service. */
export interface SyncLog {
  /** Reads where the log stands and applies retention. Call once before appending. */
  open(): Promise<void>
  append(input: SyncLogInput): SyncLogRecord
  query(q: SyncLogQuery & Pick<SyncLogFilter, 'traveller'>): Promise<SyncLogPage>
  /** Every matching record (oldest first) for export or stats. */
  matching(q: SyncLogFilter): Promise<SyncLogRecord[]>
  exportCsv(q: SyncLogFilter): Promise<{ filename: string; csv: string; rows: number }>
  /** Applies retention now; returns how many records went. */
  prune(): Promise<number>
  /** Resolves when every appended record is in the store. */
  flush(): Promise<void>
  close(): Promise<void>
}

/** The exported columns: every scalar field, and the credential event in words (run facts stay out). */
const CSV_COLUMNS = SYNC_LOG_FIELDS

const EXPORT_PAGE = 2_000

/** One record as a CSV row (every cell formula-safe). */
function csvRow(r: SyncLogRecord): string[] {
  return CSV_COLUMNS.map((c) => {
    const v =
      c === 'atMs'
        ? new Date(r.atMs).toISOString()
        : c === 'credential'
          ? r.credential
            ? `${r.credential.event} g${r.credential.generation ?? '-'} faces g${r.credential.facesGeneration ?? '-'}`
            : ''
          : ((r[c] as string | number | null) ?? '')
    return safeCsvCell(String(v))
  })
}

/** Creates the sync log over its store. */
export function createSyncLog(deps: SyncLogDeps): SyncLog {
  const batchMs = deps.batchMs ?? 250
  const countCap = deps.countCap ?? 10_000
  const retention = deps.retention ?? (() => DEFAULT_SYNC_LOG_RETENTION)
  let nextSeq = 1
  const lane = deps.seqLane
  /** The first seq of this instance's lane that is ≥ `atLeast` and ≥ atMs × lanes. */
  const laneSeq = (atLeast: number, atMs: number): number => {
    const { lane: k, lanes } = lane!
    const floor = Math.max(atLeast, Math.floor(atMs) * lanes)
    return floor + ((((k - floor) % lanes) + lanes) % lanes)
  }
  let pending: SyncLogRecord[] = []
  let writing: Promise<void> = Promise.resolve()
  let pushBatch: SyncLogRecord[] = []
  let pushTimer: AbortController | null = null
  let pruneTimer: AbortController | null = null
  let closed = false
  let pruning: Promise<number> = Promise.resolve(0)

  function scheduleWrite(): void {
    writing = writing
      .then(async () => {
        if (pending.length === 0) return
        const chunk = pending
        pending = []
        await deps.store.insert(chunk)
      })
      .catch(() => {})
  }

  function schedulePush(record: SyncLogRecord): void {
    if (!deps.onAppended) return
    pushBatch.push(record)
    if (pushTimer) return
    pushTimer = new AbortController()
    deps.clock.wait(batchMs, pushTimer.signal).then(
      () => {
        pushTimer = null
        const batch = pushBatch
        pushBatch = []
        if (batch.length > 0) deps.onAppended?.(batch)
      },
      () => {},
    )
  }

  async function prune(): Promise<number> {
    await api.flush()
    const r = retention()
    return deps.store.prune({
      beforeMs: r.maxAgeDays === null ? null : deps.clock.nowMs() - r.maxAgeDays * 86_400_000,
      keepNewest: r.maxRecords,
    })
  }

  function startPruning(): void {
    const every = deps.pruneEveryMs ?? 3_600_000
    const abort = new AbortController()
    pruneTimer = abort
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          await deps.clock.wait(every, abort.signal)
        } catch {
          return
        }
        await prune().catch(() => {})
      }
    })()
  }

  const api: SyncLog = {
    async open() {
      nextSeq = (await deps.store.maxSeq()) + 1
      // Retention runs beside the start, not before it: a desk with a big log is ready at once.
      pruning = prune().catch(() => 0)
      startPruning()
    },
    append(input) {
      if (closed) throw new DeskError('bug', 'The sync log was written to after it was closed.')
      const atMs = input.atMs ?? deps.clock.nowMs()
      let seq = nextSeq++
      if (lane) {
        seq = laneSeq(seq, atMs)
        nextSeq = seq + 1
      }
      const record: SyncLogRecord = redactDeep({
        seq,
        atMs,
        entityId: input.entityId,
        entityName: input.entityName ?? null,
        runId: input.runId ?? null,
        direction: input.direction ?? null,
        traveller: input.traveller ?? null,
        kind: input.kind,
        outcome: input.outcome,
        message: input.message,
        durationMs: input.durationMs ?? null,
        error: input.error ?? null,
        correlationId: input.correlationId ?? null,
        credential: input.credential ?? null,
        // Only run records carry run facts: no empty field on every traveller line.
        ...(input.run ? { run: input.run } : {}),
      })
      pending.push(record)
      scheduleWrite()
      schedulePush(record)
      return record
    },
    async query(q) {
      await api.flush()
      const page = await deps.store.query({ ...q, limit: q.limit ?? 200 }, countCap)
      return {
        records: page.records,
        total: page.total,
        hasMore: page.hasMore,
        oldestAtMs: page.oldestAtMs,
        ...(page.totalCapped ? { totalCapped: true } : {}),
      }
    },
    async matching(q) {
      await api.flush()
      const out: SyncLogRecord[] = []
      for await (const page of deps.store.scan(q, EXPORT_PAGE)) out.push(...page)
      return out
    },
    async exportCsv(q) {
      await api.flush()
      const chunks: string[] = [Papa.unparse([[...CSV_COLUMNS]])]
      let rows = 0
      // A page at a time from the store: the desk never holds the whole log as records.
      for await (const page of deps.store.scan(q, EXPORT_PAGE)) {
        chunks.push(Papa.unparse(page.map(csvRow), { escapeFormulae: false }))
        rows += page.length
      }
      return {
        filename: exportFileName(deps.clock.nowMs(), deps.timeZone ?? BUSINESS_TIME_ZONE),
        csv: chunks.join('\r\n'),
        rows,
      }
    },
    prune,
    async flush() {
      scheduleWrite()
      await writing
    },
    async close() {
      closed = true
      pushTimer?.abort()
      pushTimer = null
      pruneTimer?.abort()
      pruneTimer = null
      if (pushBatch.length > 0) deps.onAppended?.(pushBatch.splice(0))
      await pruning
      await api.flush()
    },
  }
  return api
}

/** `sync-log-2026-11-27-1405-CET.csv`: the export's wall time in the business zone, with its zone. */
export function exportFileName(nowMs: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const zone = zoneAbbreviation(nowMs, timeZone).replace(/[^A-Za-z0-9+-]/g, '')
  return `sync-log-${z.toPlainDate().toString()}-${pad(z.hour)}${pad(z.minute)}${pad(z.second)}-${zone}.csv`
}
