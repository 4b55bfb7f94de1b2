/**
 * The sync log: structured records per run and per traveller, append-only on disk as JSON lines
 * with size-based rotation, an in-memory index for fast queries, live batched pushes and CSV export.
 *
 * Deps: { dataDir (records go to `<dataDir>/sync-log/`), clock, onAppended?(records) (batched),
 * maxFileBytes?, keepFiles?, batchMs? }. Every record passes through redactDeep before it is kept,
 * written or pushed, so a secret that slipped into a message never reaches disk.
 */
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import Papa from 'papaparse'
import { Temporal } from 'temporal-polyfill'
import { BUSINESS_TIME_ZONE, zoneAbbreviation } from '../../../shared/intake/format-time'
import type { SyncLogPage, SyncLogQuery, SyncLogRecord } from '../../../shared/model'
import { redactDeep } from '../../logging/redact'
import type { Clock } from '../ports'

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

/** Dependencies of the sync log. */
export type SyncLogDeps = Readonly<{
  dataDir: string
  clock: Clock
  /** Receives new records in batches (for 'log:appended' pushes). */
  onAppended?: (records: SyncLogRecord[]) => void
  /** Rotate the current file when it grows past this. @default 5_000_000 */
  maxFileBytes?: number
  /** Rotated files kept besides the current one. @default 5 */
  keepFiles?: number
  /** How long appended records gather before one push. @default 250 */
  batchMs?: number
  /** Zone of the export file name's date and time (the rows' zone on screen). @default Europe/Zurich */
  timeZone?: string
}>

/** The sync log service. */
export interface SyncLog {
  /** Loads existing files into the index. Call once before appending. */
  open(): Promise<void>
  append(input: SyncLogInput): SyncLogRecord
  query(q: SyncLogQuery): SyncLogPage
  /** Every matching record (oldest first) for export or stats. */
  matching(q: Omit<SyncLogQuery, 'beforeSeq' | 'limit'>): SyncLogRecord[]
  exportCsv(q: Omit<SyncLogQuery, 'beforeSeq' | 'limit'>): { filename: string; csv: string; rows: number }
  /** Resolves when every appended record is on disk. */
  flush(): Promise<void>
  close(): Promise<void>
  readonly size: number
}

const CURRENT = 'sync-log.jsonl'
const rotatedName = (n: number): string => `sync-log.${n}.jsonl`
const CSV_COLUMNS: Array<keyof SyncLogRecord> = [
  'seq',
  'atMs',
  'entityId',
  'entityName',
  'runId',
  'direction',
  'traveller',
  'kind',
  'outcome',
  'message',
  'durationMs',
  'error',
  'correlationId',
  'credential',
]

type Indexed = { record: SyncLogRecord; haystack: string }

/** Creates the sync log over `<dataDir>/sync-log/`. */
export function createSyncLog(deps: SyncLogDeps): SyncLog {
  const dir = join(deps.dataDir, 'sync-log')
  const maxFileBytes = deps.maxFileBytes ?? 5_000_000
  const keepFiles = deps.keepFiles ?? 5
  const batchMs = deps.batchMs ?? 250
  // Records from all files still on disk, oldest first; seq is strictly increasing so the array
  // doubles as the seq index (binary search for beforeSeq).
  let index: Indexed[] = []
  let nextSeq = 1
  let currentBytes = 0
  let pendingLines: string[] = []
  let writing: Promise<void> = Promise.resolve()
  let pushBatch: SyncLogRecord[] = []
  let pushTimer: AbortController | null = null
  let closed = false

  const haystackOf = (r: SyncLogRecord): string =>
    [r.message, r.traveller, r.entityName, r.entityId, r.error, r.correlationId, r.runId]
      .filter(Boolean)
      .join('\n')
      .toLowerCase()

  async function rotate(): Promise<void> {
    await rm(join(dir, rotatedName(keepFiles)), { force: true })
    for (let n = keepFiles - 1; n >= 1; n--) {
      await rename(join(dir, rotatedName(n)), join(dir, rotatedName(n + 1))).catch(() => {})
    }
    await rename(join(dir, CURRENT), join(dir, rotatedName(1))).catch(() => {})
    currentBytes = 0
    // Drop index entries whose file is gone: keep at most what the remaining files hold.
    const firstKept = await firstSeqOnDisk()
    if (firstKept !== null) index = index.slice(lowerBound(firstKept))
  }

  async function firstSeqOnDisk(): Promise<number | null> {
    for (let n = keepFiles; n >= 1; n--) {
      const text = await readFile(join(dir, rotatedName(n)), 'utf8').catch(() => null)
      if (text === null) continue
      const firstLine = text.slice(0, text.indexOf('\n'))
      try {
        return (JSON.parse(firstLine) as SyncLogRecord).seq
      } catch {
        return null
      }
    }
    return null
  }

  function lowerBound(seq: number): number {
    let lo = 0
    let hi = index.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (index[mid]!.record.seq < seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function scheduleWrite(): void {
    writing = writing.then(async () => {
      if (pendingLines.length === 0) return
      const chunk = pendingLines.join('')
      pendingLines = []
      await mkdir(dir, { recursive: true })
      if (currentBytes > 0 && currentBytes + chunk.length > maxFileBytes) await rotate()
      await appendFile(join(dir, CURRENT), chunk, 'utf8')
      currentBytes += Buffer.byteLength(chunk)
    })
    writing = writing.catch(() => {})
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

  function matches(e: Indexed, q: SyncLogQuery, needle: string | null): boolean {
    const r = e.record
    if (q.entityId !== undefined && r.entityId !== q.entityId) return false
    if (q.direction !== undefined && r.direction !== q.direction) return false
    if (q.outcome !== undefined && r.outcome !== q.outcome) return false
    if (q.kind !== undefined && r.kind !== q.kind) return false
    if (q.runId !== undefined && r.runId !== q.runId) return false
    if (q.fromMs !== undefined && r.atMs < q.fromMs) return false
    if (q.toMs !== undefined && r.atMs > q.toMs) return false
    if (needle !== null && !e.haystack.includes(needle)) return false
    return true
  }

  const api: SyncLog = {
    get size() {
      return index.length
    },
    async open() {
      await mkdir(dir, { recursive: true })
      const loaded: Indexed[] = []
      for (let n = keepFiles; n >= 0; n--) {
        const file = join(dir, n === 0 ? CURRENT : rotatedName(n))
        const text = await readFile(file, 'utf8').catch(() => null)
        if (text === null) continue
        for (const line of text.split('\n')) {
          if (!line) continue
          try {
            const record = JSON.parse(line) as SyncLogRecord
            record.credential ??= null
            loaded.push({ record, haystack: haystackOf(record) })
          } catch {
            // A torn last line after a crash: skip it, the rest of the file is intact.
          }
        }
        if (n === 0) currentBytes = (await stat(file)).size
      }
      loaded.sort((a, b) => a.record.seq - b.record.seq)
      index = loaded
      nextSeq = (loaded.at(-1)?.record.seq ?? 0) + 1
    },
    append(input) {
      if (closed) throw new Error('sync log: append after close')
      const record: SyncLogRecord = redactDeep({
        seq: nextSeq++,
        atMs: input.atMs ?? deps.clock.nowMs(),
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
      index.push({ record, haystack: haystackOf(record) })
      pendingLines.push(JSON.stringify(record) + '\n')
      scheduleWrite()
      schedulePush(record)
      return record
    },
    query(q) {
      const limit = q.limit ?? 200
      const needle = q.text?.trim() ? q.text.trim().toLowerCase() : null
      const end = q.beforeSeq !== undefined ? lowerBound(q.beforeSeq) : index.length
      const records: SyncLogRecord[] = []
      let total = 0
      let oldestAtMs: number | null = null
      // total counts every match (any seq) so the UI can show "n of total"; one pass, newest first.
      for (let i = index.length - 1; i >= 0; i--) {
        const e = index[i]!
        if (!matches(e, q, needle)) continue
        total++
        oldestAtMs = e.record.atMs
        if (i < end && records.length < limit) records.push(e.record)
      }
      const hasMore = records.length === limit && total > 0 && countBefore(records.at(-1)!.seq) > 0
      return { records, total, hasMore, oldestAtMs }

      function countBefore(seq: number): number {
        for (let i = lowerBound(seq) - 1; i >= 0; i--) if (matches(index[i]!, q, needle)) return 1
        return 0
      }
    },
    matching(q) {
      const needle = q.text?.trim() ? q.text.trim().toLowerCase() : null
      return index.filter((e) => matches(e, q, needle)).map((e) => e.record)
    },
    exportCsv(q) {
      const rows = api.matching(q)
      // escapeFormulae: a traveller name like "=HYPERLINK(...)" must not run as a formula in Excel.
      const csv = Papa.unparse(
        {
          fields: CSV_COLUMNS as string[],
          data: rows.map((r) =>
            CSV_COLUMNS.map((c) =>
              c === 'atMs'
                ? new Date(r.atMs).toISOString()
                : c === 'credential'
                  ? r.credential
                    ? `${r.credential.event} g${r.credential.generation ?? '-'} faces g${r.credential.facesGeneration ?? '-'}`
                    : ''
                  : (r[c] ?? ''),
            ),
          ),
        },
        { escapeFormulae: true },
      )
      return {
        filename: exportFileName(deps.clock.nowMs(), deps.timeZone ?? BUSINESS_TIME_ZONE),
        csv,
        rows: rows.length,
      }
    },
    async flush() {
      scheduleWrite()
      await writing
    },
    async close() {
      closed = true
      pushTimer?.abort()
      pushTimer = null
      if (pushBatch.length > 0) deps.onAppended?.(pushBatch.splice(0))
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
