/** Rows of the per-entity sync state (sync_entities, sync_retry, sync_travellers) and back. */
import type { ChangeNotes, EntitySyncState, RetryItem, TravellerState } from '../../../core/sync/sync-state'
import type { SyncEntitiesTable, SyncRetryTable, SyncTravellersTable } from '../db/desk-schema'
import { bit, fromJson, toJson } from './row-codec'

/** The traveller fields with a column of their own; any other field goes to `extra`. */
const TRAVELLER_COLUMNS = new Set<string>([
  'loginId',
  'concurUuid',
  'employeeId',
  'facesId',
  'facesVersion',
  'appliedModifiedMs',
  'name',
  'base',
  'baseHash',
  'pending',
  'pendingFirstContact',
  'c2fHash',
  'f2cHash',
  'lastConcurToFacesMs',
  'lastFacesToConcurMs',
  'lastOutcome',
  'lastChanges',
])

/** The columns the engine's state is read from (the change notes stay in the database until asked for). */
export const TRAVELLER_STATE_COLUMNS = [
  'entity_id',
  'traveller_key',
  'login_id',
  'concur_uuid',
  'employee_id',
  'faces_id',
  'faces_version',
  'applied_modified_ms',
  'name',
  'base',
  'base_hash',
  'pending',
  'pending_first_contact',
  'c2f_hash',
  'f2c_hash',
  'last_concur_to_faces_ms',
  'last_faces_to_concur_ms',
  'last_outcome',
  'extra',
] as const satisfies ReadonlyArray<keyof SyncTravellersTable>

/** A traveller row as the engine's state reads it. */
export type TravellerStateRow = Omit<SyncTravellersTable, 'c2f_change' | 'f2c_change'>

/** The row of one traveller's state. */
export function travellerRow(entityId: string, key: string, t: TravellerState): SyncTravellersTable {
  const extra: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(t)) if (!TRAVELLER_COLUMNS.has(k) && v !== undefined) extra[k] = v
  return {
    entity_id: entityId,
    traveller_key: key,
    login_id: t.loginId,
    concur_uuid: t.concurUuid,
    employee_id: t.employeeId,
    faces_id: t.facesId,
    faces_version: t.facesVersion ?? null,
    applied_modified_ms: t.appliedModifiedMs ?? null,
    name: t.name,
    base: JSON.stringify(t.base),
    base_hash: t.baseHash,
    pending: toJson(t.pending ?? null),
    pending_first_contact: bit(t.pendingFirstContact),
    c2f_hash: t.c2fHash,
    f2c_hash: t.f2cHash,
    last_concur_to_faces_ms: t.lastConcurToFacesMs,
    last_faces_to_concur_ms: t.lastFacesToConcurMs,
    last_outcome: t.lastOutcome,
    extra: Object.keys(extra).length > 0 ? JSON.stringify(extra) : null,
    c2f_change: toJson(t.lastChanges?.['concur-to-faces'] ?? null),
    f2c_change: toJson(t.lastChanges?.['faces-to-concur'] ?? null),
  }
}

/** The notes of a traveller row's change columns. */
export function changeNotesOf(r: Pick<SyncTravellersTable, 'c2f_change' | 'f2c_change'>): ChangeNotes {
  const notes: ChangeNotes = {}
  const c2f = fromJson<ChangeNotes['concur-to-faces'] | null>(r.c2f_change, null)
  const f2c = fromJson<ChangeNotes['faces-to-concur'] | null>(r.f2c_change, null)
  if (c2f) notes['concur-to-faces'] = c2f
  if (f2c) notes['faces-to-concur'] = f2c
  return notes
}

/** The state of a traveller row. */
export function travellerOf(r: TravellerStateRow): TravellerState {
  // Notes a row kept in `extra` before migration 0021 stay out of memory too.
  const { lastChanges: _notes, ...extra } = fromJson<Record<string, unknown>>(r.extra, {})
  const t: TravellerState = {
    ...extra,
    loginId: r.login_id,
    concurUuid: r.concur_uuid,
    employeeId: r.employee_id,
    facesId: r.faces_id,
    name: r.name,
    base: fromJson(r.base, {}),
    baseHash: r.base_hash,
    pending: fromJson(r.pending, null),
    pendingFirstContact: r.pending_first_contact === 1,
    c2fHash: r.c2f_hash,
    f2cHash: r.f2c_hash,
    lastConcurToFacesMs: r.last_concur_to_faces_ms,
    lastFacesToConcurMs: r.last_faces_to_concur_ms,
    lastOutcome: r.last_outcome as TravellerState['lastOutcome'],
  }
  if (r.faces_version !== null) t.facesVersion = r.faces_version
  if (r.applied_modified_ms !== null) t.appliedModifiedMs = Number(r.applied_modified_ms)
  return t
}

/** The entity-level row. */
export function syncEntityRow(entityId: string, st: EntitySyncState): SyncEntitiesTable {
  return {
    entity_id: entityId,
    watermark_ms: st.watermarkMs,
    last_success_ms: st.lastSuccessMs,
    last_poll: toJson(st.lastPoll),
    consecutive_failures: st.consecutiveFailures,
    login_id_changes: st.loginIdChanges,
  }
}

/** The retry rows. */
export function retryRows(entityId: string, retry: Record<string, RetryItem>): SyncRetryTable[] {
  return Object.entries(retry).map(([key, r]) => ({
    entity_id: entityId,
    login_key: key,
    login_id: r.loginId,
    last_modified_ms: r.lastModifiedMs,
    error: r.error,
    attempts: r.attempts,
    since_ms: r.sinceMs,
  }))
}

/** The retry item of a row. */
export function retryOf(r: SyncRetryTable): RetryItem {
  return {
    loginId: r.login_id,
    lastModifiedMs: r.last_modified_ms,
    error: r.error,
    attempts: r.attempts,
    sinceMs: r.since_ms,
  }
}
