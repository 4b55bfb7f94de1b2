/**
 * One traveller in detail, for the traveller view: both systems' fields side by side (read live,
 * so the view shows what each side holds now, not what the desk remembers), the last change the
 * desk carried in each direction, the retry state and the traveller's sync-log history. A side
 * that cannot be read says why instead of looking empty.
 */
import type { ChangeNote, FieldChange, TravellerDetail, TravellerField } from '../../../shared/model'
import type { TravelProfile } from '../concur/concur-client'
import type { SourceEntity } from '../entities/entity-source'
import { displayValue, fieldLabel } from '../faces/field-labels'
import { flattenFacesTraveller, type FacesTraveller, type FlatContent } from '../faces/faces-traveller'
import type { SyncLog } from '../sync-log/sync-log'
import { flattenConcurProfile } from './concur-mapping'
import { findTravellerByIds, type ChangeNotes, type EntitySyncState } from './sync-state'

/** Most history records returned. */
export const MAX_TRAVELLER_HISTORY = 100

/** What the detail reads with. */
export type TravellerDetailDeps = {
  entity: SourceEntity
  state: EntitySyncState
  loginId: string
  nowMs: number
  syncLog: Pick<SyncLog, 'query'>
  /** The traveller's change notes (the state store keeps them out of memory). */
  changeNotes: (key: string) => Promise<ChangeNotes>
  readConcur: (loginId: string) => Promise<TravelProfile | null>
  readFaces: (loginId: string, facesId: string | null) => Promise<FacesTraveller | null>
}

/** Field order on screen: names first, then by kind of field. */
const GROUP_ORDER = ['name', 'employeeId', 'email', 'phone', 'address', 'passport', 'loyalty', 'custom']
function groupRank(field: string): number {
  const head = field.slice(0, (field.indexOf('.') + 1 || field.length + 1) - 1)
  const i = GROUP_ORDER.indexOf(head)
  return i < 0 ? GROUP_ORDER.length : i
}
const NAME_ORDER: Record<string, number> = { 'name.first': 0, 'name.middle': 1, 'name.last': 2 }

/** Screen order of two field paths. */
export function compareFields(a: string, b: string): number {
  return groupRank(a) - groupRank(b) || (NAME_ORDER[a] ?? 0) - (NAME_ORDER[b] ?? 0) || a.localeCompare(b)
}

/** Both sides' fields, aligned by field path. */
export function alignFields(concur: FlatContent | null, faces: FlatContent | null): TravellerField[] {
  const keys = new Set([...Object.keys(concur ?? {}), ...Object.keys(faces ?? {})])
  return [...keys].sort(compareFields).map((field) => ({
    field,
    label: fieldLabel(field),
    concur: displayValue(field, concur?.[field] ?? null),
    faces: displayValue(field, faces?.[field] ?? null),
  }))
}

function masked(note: ChangeNote | undefined): ChangeNote | null {
  if (!note) return null
  const changes: FieldChange[] = [...note.changes]
    .sort((x, y) => compareFields(x.field, y.field))
    .map((c) => ({
      ...c,
      before: displayValue(c.field, c.before),
      after: displayValue(c.field, c.after),
    }))
  return { ...note, changes }
}

const reason = (err: unknown): string =>
  err instanceof Error && err.message ? err.message : 'The system did not answer.'

/** Reads the traveller's detail. Never throws for one side failing: that side's problem is set. */
export async function readTravellerDetail(deps: TravellerDetailDeps): Promise<TravellerDetail> {
  const { state: st, loginId } = deps
  const key = loginId.toLowerCase()
  let concur: TravelProfile | null = null
  let concurProblem: string | null = null
  try {
    concur = await deps.readConcur(loginId)
    if (!concur) concurProblem = 'Concur has no profile with this login ID (any more).'
  } catch (err) {
    concurProblem = `Could not read Concur: ${reason(err)}`
  }
  const knownKey =
    key in st.travellers
      ? key
      : concur
        ? (findTravellerByIds(st, concur.uuid || null, concur.general.companyEmployeeId || null)?.key ?? null)
        : null
  const known = knownKey !== null ? (st.travellers[knownKey] ?? null) : null
  const notes = knownKey !== null ? await deps.changeNotes(knownKey) : {}
  let faces: FacesTraveller | null = null
  let facesProblem: string | null = null
  try {
    faces = await deps.readFaces(loginId, known?.facesId ?? null)
    if (!faces) facesProblem = 'Faces has no traveller linked to this login ID yet.'
  } catch (err) {
    facesProblem = `Could not read Faces: ${reason(err)}`
  }
  const concurFlat = concur ? flattenConcurProfile(concur) : null
  const facesFlat = faces ? flattenFacesTraveller(faces) : null
  // Newest first, one indexed page: the log may hold millions of records.
  const history = (
    await deps.syncLog.query({ entityId: deps.entity.id, traveller: key, limit: MAX_TRAVELLER_HISTORY })
  ).records
  const retry = st.retry[key]
  const nameOf = (first?: string, last?: string): string => [first, last].filter(Boolean).join(' ')
  return {
    loginId,
    name:
      known?.name ||
      nameOf(faces?.firstName, faces?.lastName) ||
      nameOf(concur?.general.firstName, concur?.general.lastName) ||
      loginId,
    employeeId: known?.employeeId ?? faces?.employeeId ?? (concur?.general.companyEmployeeId || null),
    facesId: faces?.id ?? known?.facesId ?? null,
    fields: alignFields(concurFlat, facesFlat),
    concurProblem,
    facesProblem,
    lastChange: {
      concurToFaces: masked(notes['concur-to-faces']),
      facesToConcur: masked(notes['faces-to-concur']),
    },
    lastConcurToFacesMs: known?.lastConcurToFacesMs ?? null,
    lastFacesToConcurMs: known?.lastFacesToConcurMs ?? null,
    inRetryList: retry !== undefined,
    retryError: retry?.error ?? null,
    history,
    readAtMs: deps.nowMs,
  }
}
