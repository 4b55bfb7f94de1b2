/**
 * The write-through port: a partial update of the Concur link on an entity's company profile in
 * Faces (docs/faces-api.md, `PATCH …/concur-link`). Only the fields present change; a refresh token
 * always travels with its generation, and Faces refuses an older generation than it holds (409),
 * so a late retry can never overwrite a newer token. The composition root wires it to the Faces
 * client (`FacesClient.updateCompanyConcurLink`).
 */

/** What the desk changes on a Faces company's Concur link (absent = unchanged). */
export type ConcurLinkPatch = {
  refreshToken?: string
  /** Required with refreshToken. */
  refreshTokenGeneration?: number
  travelConfigIds?: string[]
  geolocation?: string
  /** Sent only at the first activation or on an explicit user action. */
  interfaceActive?: boolean
  pollingActive?: boolean
}

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
