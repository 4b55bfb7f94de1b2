/**
 * Durable per-entity sync state: the watermark, the retry list, per-traveller sync memory (the
 * last agreed content for three-way merges and echo suppression) and poll history.
 *
 * On disk, per entity under `<dataDir>/sync/entities/`:
 * - `<id>.json`: a snapshot, written atomically (temp file, fsync, rename);
 * - `<id>.journal`: JSON lines appended since that snapshot, each fsynced before its save resolves.
 *   The first line names the snapshot generation it follows; then a line per change: one
 *   traveller's whole state (`{"k":key,"t":state}`, `t: null` for removed) or the entity-level
 *   fields (`{"h":{…}}`).
 *
 * Why a journal: a traveller's write-ahead must be on disk before its request goes out. Rewriting
 * the whole entity for each traveller made a run quadratic in the entity's size (an entity with
 * 3,000 travellers rewrote megabytes per profile); appending one line keeps it linear. The journal
 * is folded into a new snapshot at the end of a run, on load, and when it outgrows the snapshot.
 *
 * Crash safety: a kill mid-append can only tear the last line, whose save never resolved, so its
 * request was never sent; it is dropped on load. A kill between a new snapshot and the journal's
 * reset leaves a journal of an older generation, already contained in the snapshot; it is ignored.
 */
import { open, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ChangeNote, Direction, PollStat, PollSummary, SyncLogRecord } from '../../../shared/model'
import type { FlatContent } from '../faces/faces-traveller'
import { ensureDir, readDurableJson, writeDurableText } from './durable-json'

/** What the desk remembers about one traveller of one entity. */
export type TravellerState = {
  loginId: string
  concurUuid: string | null
  employeeId: string | null
  facesId: string | null
  /**
   * Write-ahead of a Concur → Faces write: the content being written, on disk before the request
   * goes out. After a crash it tells whether the write landed (see resolvePending in the engine).
   */
  pending?: FlatContent | null
  /** The pending write was the traveller's first copy into Faces. */
  pendingFirstContact?: boolean
  /** Faces version the desk last wrote or read; a feed entry with this version is the desk's own echo. */
  facesVersion?: number
  /** Newest Concur LastModifiedDate (ms) applied and settled; a summary row not newer needs no GET (engine/applied-changes.ts). */
  appliedModifiedMs?: number
  name: string
  /** The content both sides last agreed on (the source content of the last write). */
  base: FlatContent
  baseHash: string
  /** Hash of what the desk last wrote to Faces / to Concur (echo suppression per direction). */
  c2fHash: string | null
  f2cHash: string | null
  lastConcurToFacesMs: number | null
  lastFacesToConcurMs: number | null
  lastOutcome: SyncLogRecord['outcome'] | null
  /** The last change the desk carried in each direction (absent before the desk kept them). */
  lastChanges?: Partial<Record<Direction, ChangeNote>>
}

/** A profile that keeps failing: retried at the start of every run, never holding back the watermark. */
export type RetryItem = {
  loginId: string
  lastModifiedMs: number
  error: string
  attempts: number
  sinceMs: number
}

/** The persisted state of one entity. */
export type EntitySyncState = {
  version: 1
  /** Profiles modified before this instant reached Faces (or the retry list). Null: never polled. */
  watermarkMs: number | null
  lastSuccessMs: number | null
  lastPoll: PollSummary | null
  consecutiveFailures: number
  loginIdChanges: number
  retry: Record<string, RetryItem>
  travellers: Record<string, TravellerState>
  stats: PollStat[]
}

/** A fresh state. */
export function emptyEntityState(): EntitySyncState {
  return {
    version: 1,
    watermarkMs: null,
    lastSuccessMs: null,
    lastPoll: null,
    consecutiveFailures: 0,
    loginIdChanges: 0,
    retry: {},
    travellers: {},
    stats: [],
  }
}

/** Loaded states with serialised durable saves. */
export interface SyncStateStore {
  load(entityId: string): Promise<EntitySyncState>
  /** Cached state (after load), or null. */
  peek(entityId: string): EntitySyncState | null
  /** Persists the whole state as a new snapshot (folds the journal in). */
  save(entityId: string): Promise<void>
  /** Persists the current state of these travellers (absent ones as removed): one journal line each. */
  saveTravellers(entityId: string, keys: readonly string[]): Promise<void>
  /** Persists the entity-level fields (watermark, retry list, counters): one journal line. */
  saveProgress(entityId: string): Promise<void>
  /** Resolves when every save is on disk. */
  flush(): Promise<void>
  /** Kill emulation: no further saves reach disk. */
  freeze(): void
}

/** The snapshot on disk: the state plus the journal generation that follows it. */
type Snapshot = EntitySyncState & { journalGen?: number }

type JournalLine = { gen: number } | { k: string; t: TravellerState | null } | { h: Partial<EntitySyncState> }

type Waiter = { resolve: () => void; reject: (e: unknown) => void }

/** Options (tests shrink the compaction threshold). */
export type SyncStateOptions = {
  /** Fold the journal into a snapshot once it exceeds max(this, 2 × the last snapshot). @default 1 MB */
  minCompactBytes?: number
}

/** Creates the state store under `<dataDir>/sync/entities/`. */
export function createSyncStateStore(dataDir: string, options: SyncStateOptions = {}): SyncStateStore {
  const minCompactBytes = options.minCompactBytes ?? 1_000_000
  const cache = new Map<string, EntitySyncState>()
  const loading = new Map<string, Promise<EntitySyncState>>()
  const journals = new Map<string, EntityJournal>()
  let frozen = false
  const base = (id: string): string => join(dataDir, 'sync', 'entities', encodeURIComponent(id))

  // Every cached state was loaded through loadFromDisk, which creates its journal.
  const journalOf = (entityId: string): EntityJournal | null => journals.get(entityId) ?? null

  async function loadFromDisk(entityId: string): Promise<EntitySyncState> {
    const snapshot = await readDurableJson<Snapshot>(`${base(entityId)}.json`, emptyEntityState())
    const { journalGen = 0, ...fields } = snapshot
    const state: EntitySyncState = { ...emptyEntityState(), ...fields }
    const replayed = await replayJournal(`${base(entityId)}.journal`, journalGen, state)
    cache.set(entityId, state)
    const j = new EntityJournal(base(entityId), state, minCompactBytes, journalGen, replayed.headerOk)
    journals.set(entityId, j)
    if (frozen) j.freeze() // loaded after a (test) kill: it must not write either
    // Start every process on a clean journal (no torn tail to append after, nothing left to replay).
    if (replayed.lines > 0 || replayed.torn) await j.snapshot()
    return state
  }

  return {
    load(entityId) {
      const hit = cache.get(entityId)
      if (hit) return Promise.resolve(hit)
      let p = loading.get(entityId)
      if (!p) {
        p = loadFromDisk(entityId).finally(() => loading.delete(entityId))
        loading.set(entityId, p)
      }
      return p
    },
    peek: (entityId) => cache.get(entityId) ?? null,
    save(entityId) {
      if (frozen) return Promise.resolve()
      return journalOf(entityId)?.snapshot() ?? Promise.resolve()
    },
    saveTravellers(entityId, keys) {
      if (frozen) return Promise.resolve()
      const j = journalOf(entityId)
      if (!j) return Promise.resolve()
      const state = cache.get(entityId)!
      return j.append(keys.map((k) => ({ k, t: state.travellers[k] ?? null })))
    },
    saveProgress(entityId) {
      if (frozen) return Promise.resolve()
      const j = journalOf(entityId)
      if (!j) return Promise.resolve()
      const { travellers: _omit, ...h } = cache.get(entityId)!
      return j.append([{ h }])
    },
    freeze() {
      frozen = true
      for (const j of journals.values()) j.freeze()
    },
    async flush() {
      await Promise.all([...journals.values()].map((j) => j.idle()))
    },
  }
}

/** Applies a journal of generation `gen` to `state`; reports what it found. */
async function replayJournal(
  file: string,
  gen: number,
  state: EntitySyncState,
): Promise<{ lines: number; torn: boolean; headerOk: boolean }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: 0, torn: false, headerOk: false }
    throw err
  }
  const rows = text.split('\n')
  const tail = rows.pop() ?? ''
  // A non-empty tail has no newline: the append it belongs to never completed.
  const torn = tail !== ''
  const header = rows.length > 0 ? (JSON.parse(rows[0]!) as { gen?: unknown }) : null
  // No header, or an older generation (a kill between a snapshot and the reset): nothing to apply.
  if (!header || header.gen !== gen) return { lines: 0, torn, headerOk: false }
  let lines = 0
  for (const row of rows.slice(1)) {
    const line = JSON.parse(row) as JournalLine // a corrupt complete line throws: never a silent reset
    if ('k' in line) {
      if (line.t) putTraveller(state, line.k, line.t)
      else removeTraveller(state, line.k)
    } else if ('h' in line) Object.assign(state, line.h)
    lines++
  }
  return { lines, torn, headerOk: true }
}

/**
 * One entity's snapshot and journal. Appends are group-committed (one write and one fsync for
 * every line queued meanwhile); a snapshot is ordered with them, so a line queued after the
 * snapshot's capture goes to the new journal.
 */
class EntityJournal {
  private queue: Array<
    { kind: 'lines'; text: string; waiters: Waiter[] } | { kind: 'snap'; waiters: Waiter[] }
  > = []
  private running: Promise<void> | null = null
  private journalBytes = 0
  private snapshotBytes = 0
  private frozen = false

  /**
   * @param journalReady the journal on disk starts with this generation's header, so lines may be
   * appended to it; otherwise the first append writes a fresh journal first.
   */
  constructor(
    private readonly base: string,
    private readonly state: EntitySyncState,
    private readonly minCompactBytes: number,
    private gen: number,
    private journalReady: boolean,
  ) {}

  append(lines: JournalLine[]): Promise<void> {
    if (this.frozen) return Promise.resolve()
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
    return new Promise((resolve, reject) => {
      const last = this.queue.at(-1)
      if (last?.kind === 'lines') {
        last.text += text
        last.waiters.push({ resolve, reject })
      } else this.queue.push({ kind: 'lines', text, waiters: [{ resolve, reject }] })
      this.pump()
    })
  }

  snapshot(): Promise<void> {
    if (this.frozen) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const last = this.queue.at(-1)
      if (last?.kind === 'snap') last.waiters.push({ resolve, reject })
      else this.queue.push({ kind: 'snap', waiters: [{ resolve, reject }] })
      this.pump()
    })
  }

  freeze(): void {
    this.frozen = true
    // The dropped writes' callers carry on as if they happened: in a real kill they would be gone.
    for (const item of this.queue) item.waiters.forEach((w) => w.resolve())
    this.queue = []
  }

  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await (this.running ?? Promise.resolve()).catch(() => {})
  }

  private pump(): void {
    if (this.running || this.queue.length === 0 || this.frozen) return
    const item = this.queue.shift()!
    const work = item.kind === 'snap' ? this.writeSnapshot() : this.writeLines(item.text)
    this.running = work.then(
      () => item.waiters.forEach((w) => w.resolve()),
      (err: unknown) => item.waiters.forEach((w) => w.reject(err)),
    )
    void this.running.finally(() => {
      this.running = null
      this.pump()
    })
  }

  private async writeSnapshot(): Promise<void> {
    const gen = this.gen + 1
    const text = JSON.stringify({ ...this.state, journalGen: gen })
    await writeDurableText(`${this.base}.json`, text)
    this.gen = gen
    this.snapshotBytes = text.length
    await this.resetJournal()
  }

  private async resetJournal(): Promise<void> {
    const header = JSON.stringify({ gen: this.gen }) + '\n'
    await ensureDir(dirname(this.base))
    await writeSynced(`${this.base}.journal`, 'w', header)
    this.journalBytes = header.length
    this.journalReady = true
  }

  private async writeLines(text: string): Promise<void> {
    if (!this.journalReady) await this.resetJournal()
    await writeSynced(`${this.base}.journal`, 'a', text)
    this.journalBytes += text.length
    if (!this.frozen && this.journalBytes > Math.max(this.minCompactBytes, 2 * this.snapshotBytes)) {
      if (!this.queue.some((q) => q.kind === 'snap')) this.queue.push({ kind: 'snap', waiters: [] })
    }
  }
}

/** Writes (`w`) or appends (`a`) `text` and returns once it is on disk. */
async function writeSynced(file: string, flags: 'w' | 'a', text: string): Promise<void> {
  const fh = await open(file, flags, 0o600)
  try {
    await fh.writeFile(text)
    await fh.datasync()
  } finally {
    await fh.close()
  }
}

/** Keys of travellers by Concur UUID and by employee id, built on first use per loaded state. */
type IdIndex = { byUuid: Map<string, Set<string>>; byEmployee: Map<string, Set<string>> }
const idIndexes = new WeakMap<EntitySyncState, IdIndex>()

function indexAdd(i: IdIndex, key: string, t: TravellerState): void {
  if (t.concurUuid)
    (i.byUuid.get(t.concurUuid) ?? i.byUuid.set(t.concurUuid, new Set()).get(t.concurUuid)!).add(key)
  if (t.employeeId)
    (i.byEmployee.get(t.employeeId) ?? i.byEmployee.set(t.employeeId, new Set()).get(t.employeeId)!).add(key)
}

function indexDrop(i: IdIndex, key: string, t: TravellerState): void {
  if (t.concurUuid) i.byUuid.get(t.concurUuid)?.delete(key)
  if (t.employeeId) i.byEmployee.get(t.employeeId)?.delete(key)
}

/** Sets a traveller's state; use this (not a plain assignment) so lookups by id stay exact. */
export function putTraveller(st: EntitySyncState, key: string, t: TravellerState): void {
  const i = idIndexes.get(st)
  const old = st.travellers[key]
  if (i && old) indexDrop(i, key, old)
  st.travellers[key] = t
  if (i) indexAdd(i, key, t)
}

/** Forgets a traveller's state (see putTraveller). */
export function removeTraveller(st: EntitySyncState, key: string): void {
  const old = st.travellers[key]
  if (!old) return
  const i = idIndexes.get(st)
  if (i) indexDrop(i, key, old)
  delete st.travellers[key]
}

/**
 * The traveller with this Concur UUID, else with this employee id (a login-id change keeps both).
 * Indexed: a first copy of a 10,000-traveller entity looks up every traveller, and a scan each
 * time made that quadratic.
 */
export function findTravellerByIds(
  st: EntitySyncState,
  concurUuid: string | null,
  employeeId: string | null,
): { key: string; t: TravellerState } | null {
  let i = idIndexes.get(st)
  if (!i) {
    i = { byUuid: new Map(), byEmployee: new Map() }
    for (const [key, t] of Object.entries(st.travellers)) indexAdd(i, key, t)
    idIndexes.set(st, i)
  }
  const lookups: Array<[Map<string, Set<string>>, string | null, 'concurUuid' | 'employeeId']> = [
    [i.byUuid, concurUuid, 'concurUuid'],
    [i.byEmployee, employeeId, 'employeeId'],
  ]
  for (const [map, id, field] of lookups) {
    if (!id) continue
    for (const key of map.get(id) ?? []) {
      const t = st.travellers[key]
      if (t?.[field] === id) return { key, t }
    }
  }
  return null
}
