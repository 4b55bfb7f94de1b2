/**
 * The entity a call names, for the audit trail and presence: its `entityId`, or the entity of the
 * request token its `tokenId` names (one lookup of that token, never the whole token list).
 */
import type { CallTarget } from './authorised-dispatch'

/** What the lookup reads. */
export type CallTargetDeps = {
  /** The entity of a token the desk holds, or null. */
  entityOfToken: (tokenId: string) => Promise<string | null>
  /** The entity's name, or null when it cannot be read. */
  entityName: (entityId: string) => Promise<string | null>
}

/** Creates the lookup `createAuthorisedDispatch` takes as `target`. */
export function createCallTarget(
  deps: CallTargetDeps,
): (input: Record<string, unknown>) => Promise<CallTarget | null> {
  return async (input) => {
    let entityId = typeof input.entityId === 'string' ? input.entityId : null
    if (!entityId && typeof input.tokenId === 'string') entityId = await deps.entityOfToken(input.tokenId)
    if (!entityId) return null
    return { entityId, entityName: await deps.entityName(entityId) }
  }
}
