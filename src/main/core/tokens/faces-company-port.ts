/**
 * The write-through port: a partial update of the Concur link on an entity's company profile in
 * Faces (docs/faces-api.md, `PATCH …/concur-link`). Only the fields present change; a refresh token
 * always travels with its generation, and Faces refuses an older generation than it holds (409),
 * so a late retry can never overwrite a newer token. The composition root wires it to the Faces
 * client (`FacesClient.updateCompanyConcurLink`).
 */
import type { FacesConcurLinkPatch } from '../faces/faces-client'

/** What the desk changes on a Faces company's Concur link (absent = unchanged; docs/faces-api.md). */
export type ConcurLinkPatch = FacesConcurLinkPatch

/** What Faces holds after the update. */
export type ConcurLinkAck = {
  refreshTokenGeneration: number | null
  interfaceActive: boolean
  pollingActive: boolean
}

/** Updates the Concur link of a Faces company. Errors carry a ProblemKind `kind` and a safe message. */
export interface FacesCompanyPort {
  updateConcurLink(
    facesCompanyId: string,
    patch: ConcurLinkPatch,
    options?: { signal?: AbortSignal; maxAttempts?: number },
  ): Promise<ConcurLinkAck>
}
