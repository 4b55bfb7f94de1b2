/**
 * Readers of the pre-database data folder, kept only for the one-time import (legacy-import.ts):
 * `entities.json`, `tokens.json`, `sync/outbox.json`, per-entity sync state as a snapshot
 * (`sync/entities/<id>.json`) plus a journal of JSON lines (`<id>.journal`: a generation header,
 * then one traveller (`{"k","t"}`) or the entity-level fields (`{"h"}`) per line; a torn last
 * line and a journal of an older generation are ignored, as that desk did), and the JSON-lines
 * sync log (`sync-log/sync-log[.N].jsonl`, torn lines skipped).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SyncLogRecord } from '../../../../shared/model'
import {
  emptyEntityState,
  putTraveller,
  removeTraveller,
  type EntitySyncState,
  type TravellerState,
} from '../../../core/sync/sync-state'

/** A file that was there but could not be read. */
export type LegacyProblem = { file: string; reason: string }

/** Reads a JSON file; null when absent; a problem when unreadable. */
export function readLegacyJson<T>(file: string, problems: LegacyProblem[]): T | null {
  if (!existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch (err) {
    problems.push({ file, reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) })
    return null
  }
}

type JournalLine = { gen?: number; k?: string; t?: TravellerState | null; h?: Partial<EntitySyncState> }

/** One entity's sync state: its snapshot with the journal that follows it replayed. */
export function readLegacySyncState(
  dir: string,
  encodedId: string,
  problems: LegacyProblem[],
): EntitySyncState | null {
  const snapFile = join(dir, `${encodedId}.json`)
  const snapshot = readLegacyJson<EntitySyncState & { journalGen?: number }>(snapFile, problems)
  const journalFile = join(dir, `${encodedId}.journal`)
  if (!snapshot && !existsSync(journalFile)) return null
  const { journalGen = 0, ...fields }: EntitySyncState & { journalGen?: number } =
    snapshot ?? emptyEntityState()
  const state: EntitySyncState = { ...emptyEntityState(), ...fields }
  if (!existsSync(journalFile)) return state
  const rows = readFileSync(journalFile, 'utf8').split('\n')
  rows.pop() // the torn (or empty) tail after the last newline
  const header = rows.length > 0 ? (JSON.parse(rows[0]!) as JournalLine) : null
  if (!header || header.gen !== journalGen) return state
  for (const [i, row] of rows.slice(1).entries()) {
    let line: JournalLine
    try {
      line = JSON.parse(row) as JournalLine
    } catch {
      problems.push({
        file: journalFile,
        reason: `line ${i + 2} is not JSON; the lines after it were skipped`,
      })
      break
    }
    if (line.k !== undefined) {
      if (line.t) putTraveller(state, line.k, line.t)
      else removeTraveller(state, line.k)
    } else if (line.h) Object.assign(state, line.h)
  }
  return state
}

/** Every entity's sync state under `<envDir>/sync/entities/`, by entity id. */
export function readLegacySyncStates(
  envDir: string,
  problems: LegacyProblem[],
): Map<string, EntitySyncState> {
  const dir = join(envDir, 'sync', 'entities')
  const out = new Map<string, EntitySyncState>()
  if (!existsSync(dir)) return out
  const ids = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') || f.endsWith('.journal'))
      .map((f) => f.slice(0, f.lastIndexOf('.'))),
  )
  for (const encoded of ids) {
    try {
      const st = readLegacySyncState(dir, encoded, problems)
      if (st) out.set(decodeURIComponent(encoded), st)
    } catch (err) {
      problems.push({ file: join(dir, encoded), reason: (err as Error).message })
    }
  }
  return out
}

/** The sync log's records from the oldest rotated file to the current one, seq ascending. */
export function readLegacySyncLog(envDir: string): SyncLogRecord[] {
  const dir = join(envDir, 'sync-log')
  if (!existsSync(dir)) return []
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('sync-log') && f.endsWith('.jsonl'))
    .sort((a, b) => rotation(b) - rotation(a))
  const records: SyncLogRecord[] = []
  for (const f of files)
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line) continue
      try {
        const r = JSON.parse(line) as SyncLogRecord
        if (typeof r.seq === 'number' && typeof r.atMs === 'number')
          records.push({ ...r, credential: r.credential ?? null })
      } catch {
        // A torn last line after a crash; the rest of the file is intact.
      }
    }
  records.sort((a, b) => a.seq - b.seq)
  return records.filter((r, i) => i === 0 || records[i - 1]!.seq !== r.seq)
}

/** 0 for the current file, N for `sync-log.N.jsonl`. */
function rotation(name: string): number {
  const n = Number(name.slice('sync-log.'.length, -'.jsonl'.length))
  return Number.isInteger(n) ? n : 0
}
