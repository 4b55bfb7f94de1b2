/**
 * Recovery of a Concur → Faces write cut short by a crash. Before a write goes out, the content it
 * carries is on disk as the traveller's `pending` write-ahead; if the process died before the
 * answer, the next step asks Faces what it holds and decides whether the write landed, so the merge
 * base is right either way (upserts are idempotent, so repeating one that did not land is safe).
 */
import { isDeskError } from '../../errors/desk-error'
import type { FacesClient } from '../../faces/faces-client'
import { diffFlat, hashFlat, type FacesTraveller, type FlatContent } from '../../faces/faces-traveller'
import type { TravellerState } from '../sync-state'

/**
 * Settles a pending write from Faces' current content: a first copy landed when the traveller
 * exists; an update landed when Faces holds every field it set. Landed → the written content
 * becomes the base; otherwise the old base stays and the next write repeats it.
 */
export function resolvePending(t: TravellerState, faces: FlatContent | null): void {
  const pending = t.pending
  if (!pending) return
  let landed = false
  if (faces !== null) {
    if (t.pendingFirstContact) landed = true
    else
      landed = Object.entries(diffFlat(t.base, pending)).every(([k, v]) =>
        v === null ? !(k in faces) : faces[k] === v,
      )
  }
  if (landed) {
    t.base = pending
    t.baseHash = hashFlat(pending)
  }
  t.pending = null
  t.pendingFirstContact = false
}

/** What Faces holds for a remembered traveller (by Faces id, else by login), or null when it has none. */
export async function readFacesTraveller(
  faces: Pick<FacesClient, 'getTraveller' | 'findByLogin'>,
  companyId: string,
  t: Pick<TravellerState, 'facesId' | 'loginId'>,
  signal: AbortSignal,
): Promise<FacesTraveller | null> {
  try {
    if (t.facesId) return await faces.getTraveller(companyId, t.facesId, signal)
    const list = await faces.findByLogin(companyId, t.loginId, signal)
    return list[0] ?? null
  } catch (err) {
    if (isDeskError(err, 'not-found')) return null
    throw err
  }
}
