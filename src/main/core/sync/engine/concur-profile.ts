/** Reads a traveller's Concur profile for either direction. */
import type { ConcurClient, TravelProfile } from '../../concur/concur-client'
import { isDeskError } from '../../errors/desk-error'

/** The traveller's Concur profile, or null when Concur no longer has it (any other failure throws). */
export async function concurProfileOrNull(
  concur: Pick<ConcurClient, 'getProfile'>,
  entityId: string,
  loginId: string,
  signal: AbortSignal,
): Promise<TravelProfile | null> {
  try {
    return await concur.getProfile(entityId, { login: loginId }, signal)
  } catch (err) {
    if (isDeskError(err, 'not-found')) return null
    throw err
  }
}
