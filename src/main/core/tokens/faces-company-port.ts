/**
 * The hand-off port: sets the Concur link (refresh token, Travel Config IDs, geolocation) on an
 * entity's company profile in Faces. The composition root wires it to the Faces client
 * (`FacesClient.setCompanyConcurLink`); tests use a fake that can fail.
 */

/** What the desk hands to Faces for one company. */
export type ConcurLink = {
  refreshToken: string
  travelConfigIds: string[]
  geolocation: string
  /** True at the first implementation: switch the Concur interface on. */
  activateInterface: boolean
  /** True at the first implementation: switch polling on. */
  activatePolling: boolean
}

/** Writes the Concur link of a Faces company. Errors should carry a ProblemKind `kind` and a safe message. */
export interface FacesCompanyPort {
  setConcurLink(facesCompanyId: string, link: ConcurLink, signal?: AbortSignal): Promise<void>
}
