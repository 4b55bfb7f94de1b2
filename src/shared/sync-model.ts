/**
 * The sync side of the shared model (re-exported by model.ts): polls, runs and their counts, the
 * sync log and its credential records, travellers and their detail. Serialisable only, never a secret.
 */
import type { Problem } from './result'

/** Outcome of one poll of one entity. */
export type PollSummary = {
  atMs: number
  outcome: 'success' | 'partial' | 'failed' | 'cancelled'
  changed: number
  applied: number
  failed: number
  durationMs: number
  problem: Problem | null
  /** The run's labelled counts (absent in polls recorded before counts existed). */
  counts?: RunCounts
}

/** What a credential-history record is about. */
export type CredentialEvent =
  | 'exchange'
  | 'hand-off'
  | 'refresh'
  | 'rotation'
  | 'write-through-attempt'
  | 'write-through-ack'
  | 'write-through-failure'
  | 'failure'
  | 'expiry'
  | 'dead'
  | 'reconcile'

/** The credential facts of a sync-log record of kind 'credential' (never a secret). */
export type CredentialFacts = {
  event: CredentialEvent
  /** Generation of the refresh token the record is about. */
  generation: number | null
  /** Generation Faces holds after the event, when known. */
  facesGeneration: number | null
}

/** Sync direction. */
export type Direction = 'concur-to-faces' | 'faces-to-concur'

/** One structured sync-log record. */
export type SyncLogRecord = {
  seq: number
  atMs: number
  entityId: string | null
  entityName: string | null
  runId: string | null
  direction: Direction | null
  /** Concur login id of the traveller, when the record is about one. */
  traveller: string | null
  kind: SyncLogKind
  /** 'rejected': Concur refused the traveller for good (an E-code, unknown login); it is not retried. */
  outcome: 'success' | 'skipped' | 'warning' | 'rejected' | 'failed' | 'cancelled' | 'info'
  message: string
  durationMs: number | null
  error: string | null
  correlationId: string | null
  /** Set on records of kind 'credential' (absent in records written before credential history existed). */
  credential?: CredentialFacts | null
  /** Set on run-started / run-finished records (absent in records written before run history existed). */
  run?: RunFacts | null
}

/**
 * What one run did, in labelled counts that always add up: every profile read ends in exactly one
 * of written, unchanged, skipped, flagged, rejected or failed (a cancelled or failed run may leave some
 * unprocessed). The Manual sync card, the run history and the log's run-finished line all use it.
 */
export type RunCounts = {
  /** Profiles read: changed in the source since the last run, plus earlier failures retried. */
  read: number
  /** Created or updated in the target system. */
  written: number
  /** Already the same on both sides: nothing to write. */
  unchanged: number
  /** Nothing to sync: gone from the source, or not linked on the other side. */
  skipped: number
  /** Left for a person to review (a login-ID change under "flag only"). */
  flagged: number
  /** Refused by Concur for good (an E-code, an unknown login): not retried until someone fixes it. */
  rejected: number
  /** Failed for now: retried at the next run. */
  failed: number
}

/** The run facts a run-started / run-finished record carries. */
export type RunFacts = {
  kind: SyncRunView['kind']
  state: SyncRunView['state']
  counts: RunCounts
}

/** One row of an entity's run history (derived from the sync log, live runs merged in). */
export type RunHistoryEntry = {
  runId: string
  entityId: string
  kind: SyncRunView['kind']
  direction: Direction
  /** `interrupted`: the desk stopped while the run was under way (no finish was recorded). */
  state: SyncRunView['state'] | 'interrupted'
  startedAtMs: number
  finishedAtMs: number | null
  durationMs: number | null
  /** Null for runs logged before counts were recorded. */
  counts: RunCounts | null
  /** Why the run failed, in words. */
  problem: string | null
  correlationId: string | null
}

/** What a sync-log record is about. */
export type SyncLogKind = 'run-started' | 'run-finished' | 'traveller' | 'token' | 'credential' | 'info'

/** Query over the sync log. */
export type SyncLogQuery = {
  entityId?: string
  direction?: Direction
  outcome?: SyncLogRecord['outcome']
  kind?: SyncLogKind
  text?: string
  /** Only the records of this run. */
  runId?: string
  fromMs?: number
  toMs?: number
  /** Return records with seq < beforeSeq (paging backwards from the newest). */
  beforeSeq?: number
  limit?: number
}

/** A page of sync-log records, newest first. */
export type SyncLogPage = {
  records: SyncLogRecord[]
  total: number
  hasMore: boolean
  /** When the oldest matching record was written (null when none matches): dates show across days. */
  oldestAtMs?: number | null
  /** More than `total` records match: the count stopped there ("10,000+"). */
  totalCapped?: boolean
}

/** A sync job in progress or just finished. */
export type SyncRunView = {
  runId: string
  entityId: string
  kind: 'scheduled' | 'manual' | 'full-resync' | 'traveller' | 'catch-up'
  direction: Direction
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  pagesDone: number
  pagesTotal: number | null
  profilesDone: number
  profilesTotal: number | null
  failed: number
  /** What the run did so far (the same counts its run-finished log record carries). */
  counts: RunCounts
  startedAtMs: number
  finishedAtMs: number | null
}

/** A traveller known to the desk for one entity. */
export type TravellerView = {
  loginId: string
  name: string
  employeeId: string | null
  lastConcurToFacesMs: number | null
  lastFacesToConcurMs: number | null
  lastOutcome: SyncLogRecord['outcome'] | null
  inRetryList: boolean
  retryError: string | null
}

/** One field of a traveller compared across both systems. */
export type TravellerField = {
  /** Flat field path, e.g. `email.Business`, `address.Home.city`. */
  field: string
  /** Words for the field, e.g. "E-mail (Business)". */
  label: string
  concur: string | null
  faces: string | null
}

/** One field changed by a sync. */
export type FieldChange = { field: string; label: string; before: string | null; after: string | null }

/** The last change the desk carried in one direction. */
export type ChangeNote = { atMs: number; changes: FieldChange[]; isFirstCopy: boolean }

/** Everything about one traveller: both sides' fields, the last change per direction, its history. */
export type TravellerDetail = {
  loginId: string
  name: string
  employeeId: string | null
  /** Null when Faces has no traveller linked to this login (yet). */
  facesId: string | null
  fields: TravellerField[]
  /** Why a side could not be read (it is then shown as unknown, not as empty). */
  concurProblem: string | null
  facesProblem: string | null
  lastChange: { concurToFaces: ChangeNote | null; facesToConcur: ChangeNote | null }
  lastConcurToFacesMs: number | null
  lastFacesToConcurMs: number | null
  inRetryList: boolean
  retryError: string | null
  /** Sync-log records about this traveller, newest first (at most 100). */
  history: SyncLogRecord[]
  readAtMs: number
}

/** Per-poll counts over the last 24 hours for the entity chart. */
export type PollStat = { atMs: number; synced: number; failed: number }
