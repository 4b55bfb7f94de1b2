/**
 * What the UI shows about an entity's credential: a pending request token, the refresh token with
 * its Faces write-through state (generation held, generation Faces acknowledged, retrying since),
 * or a dead credential that needs a new request token. Pure: every input is passed in.
 */
import type { CredentialView, TokenView } from '../../../shared/model'
import type { Problem } from '../../../shared/result'
import { isRenewalDue } from '../../../shared/intake/case-composer'
import type { CredentialMeta } from '../settings/desk-settings'

/** The credential view from the stored metadata and the newest waiting request token. */
export function credentialViewOf(
  meta: CredentialMeta | null,
  waiting: TokenView | null,
  nowMs: number,
): CredentialView {
  // A new request token pasted for a dead credential is what staff act on next: show its progress.
  if (meta?.dead && !waiting)
    return {
      state: 'refresh-token-invalid',
      sinceMs: meta.dead.sinceMs,
      problem: meta.dead.problem as Problem,
      reason: meta.dead.reason,
    }
  if (meta && !meta.dead)
    return {
      state: 'refresh-token',
      sinceMs: meta.sinceMs,
      refreshExpiresAtMs: meta.refreshExpiresAtMs,
      isRenewalDue: isRenewalDue(meta.refreshExpiresAtMs, nowMs),
      exchangedFromTokenId: meta.exchangedFromTokenId,
      handedToFacesAtMs: meta.handedToFacesAtMs,
      faces: {
        generation: meta.generation,
        facesGeneration: meta.faces.generation,
        pendingSinceMs: meta.pendingSinceMs,
        lastProblem: (meta.pendingProblem as Problem | null) ?? null,
      },
    }
  return waiting ? { state: 'request-token', token: waiting } : { state: 'none' }
}
