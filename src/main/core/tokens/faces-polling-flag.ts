/**
 * The polling switch on an entity is an explicit user action, so it also reaches Faces: a partial
 * update of the company's Concur link with only `pollingActive` (docs/faces-api.md, "What the desk
 * sends when"), under the entity's credential lock like every other write of that link. When Faces
 * holds no link yet there is nothing to switch there (the first hand-off sends the flags); when
 * Faces refuses, the change is refused as a whole, so the desk and Faces never disagree.
 */
import type { Problem, ProblemKind } from '../../../shared/result'
import { DeskError } from '../errors/desk-error'
import type { CredentialLock } from './credential-lock'
import type { CredentialRepository } from './credential-repository'
import type { FacesCompanyPort } from './faces-company-port'

/** What the flag update did. */
export type PollingFlagOutcome =
  | { state: 'sent'; facesCompanyId: string; pollingActive: boolean }
  /** Faces holds no Concur link for the entity yet: nothing to change there. */
  | { state: 'no-link' }

/** Sets `pollingActive` on the entity's Faces Concur link; throws a DeskError when Faces refuses. */
export async function setFacesPollingFlag(
  deps: Readonly<{ repo: CredentialRepository; lock: CredentialLock; faces: FacesCompanyPort }>,
  entity: { id: string; name: string },
  active: boolean,
): Promise<PollingFlagOutcome> {
  return deps.lock.withLock(entity.id, async () => {
    const meta = await deps.repo.loadMeta(entity.id)
    const companyId = meta?.faces.companyId ?? null
    if (!meta || companyId === null || meta.faces.generation === null) return { state: 'no-link' as const }
    const generation = meta.generation
    try {
      const ack = await deps.faces.updateConcurLink(companyId, { pollingActive: active })
      await deps.repo.appendHistory({
        entityId: entity.id,
        event: 'write-through-ack',
        outcome: 'success',
        generation,
        facesGeneration: ack.refreshTokenGeneration,
        message: `Polling switched ${active ? 'on' : 'off'} in Faces company ${companyId} (pollingActive only)`,
      })
      return { state: 'sent' as const, facesCompanyId: companyId, pollingActive: ack.pollingActive }
    } catch (err) {
      const e = err as Partial<Problem>
      const reason = typeof e.message === 'string' ? e.message : 'Faces did not answer.'
      await deps.repo.appendHistory({
        entityId: entity.id,
        event: 'write-through-failure',
        outcome: 'failed',
        generation,
        message: `Faces did not take "polling ${active ? 'on' : 'off'}" for company ${companyId}`,
        error: reason,
      })
      throw new DeskError(
        typeof e.kind === 'string' && e.kind !== 'bug' ? (e.kind as ProblemKind) : 'remote-failed',
        `Faces did not take the change (${reason.replace(/\.$/, '')}), so polling of "${entity.name}" stays ${active ? 'off' : 'on'} in the desk and in Faces. Try again when Faces answers.`,
        { cause: err },
      )
    }
  })
}
