/**
 * The last change the desk carried for a traveller in each direction, set on its sync state with
 * the write that carried it (the database store then keeps it in the row, not in memory) so the
 * traveller detail can show "what changed last time" with before and after per field.
 */
import type { ChangeNote, Direction } from '../../../shared/model'
import { fieldLabel } from '../faces/field-labels'
import type { FlatContent, FlatPatch } from '../faces/faces-traveller'
import type { TravellerState } from './sync-state'

/** Most fields one note keeps (a first copy of a large profile is summed up past this). */
export const MAX_NOTE_FIELDS = 60

/** A note of the fields `patch` changed, with their values before (from `before`). */
export function changeNoteOf(
  before: FlatContent,
  patch: FlatPatch,
  atMs: number,
  isFirstCopy: boolean,
): ChangeNote {
  const changes = Object.keys(patch)
    .sort()
    .slice(0, MAX_NOTE_FIELDS)
    .map((field) => ({
      field,
      label: fieldLabel(field),
      before: isFirstCopy ? null : (before[field] ?? null),
      after: patch[field] ?? null,
    }))
  return { atMs, changes, isFirstCopy }
}

/** The `lastChanges` of a traveller's next state: the old notes, with `note` replacing one direction. */
export function withChangeNote(
  previous: TravellerState | undefined,
  direction: Direction,
  note: ChangeNote | null,
): Pick<TravellerState, 'lastChanges'> {
  const old = previous?.lastChanges
  if (note) return { lastChanges: { ...old, [direction]: note } }
  // No key at all rather than an empty object: the database store keeps the notes out of memory,
  // and a state that differs from what was written only by `lastChanges: {}` would be rewritten.
  return old ? { lastChanges: old } : {}
}
