/**
 * How the clients use the shared rate gate (rate-gate.ts): each HTTP attempt takes one slot of its
 * lane (a Concur data centre, or 'faces') and gives it back when the answer is read, so a call that
 * backs off between retries holds nothing; a 429 pauses the whole lane. The clients' retry loops
 * (core/errors/retry-call.ts) decide the retries themselves.
 */
import type { RequestSlot } from '../concur/concur-client'
import type { FacesClientDeps } from '../faces/faces-client'
import type { RateGate } from './rate-gate'

/** The lane of every Faces request. */
export const FACES_LANE = 'faces'

/** A 429 without a Retry-After pauses its lane this long. */
const DEFAULT_PAUSE_MS = 1_000

/** The Concur client's hooks: a slot per attempt in the data centre's lane; a 429 pauses that data centre. */
export function concurGateHooks(gate: RateGate): {
  requestSlot: RequestSlot
  onRateLimited: (dataCentre: string, retryAfterMs: number) => void
} {
  return {
    requestSlot: (dataCentre, attempt, signal) => gate.run(dataCentre, attempt, signal),
    onRateLimited: (dataCentre, retryAfterMs) => gate.pause(dataCentre, retryAfterMs || DEFAULT_PAUSE_MS),
  }
}

/** The Faces client's hooks: a slot per traveller-call attempt; a 429 pauses every Faces request. */
export function facesGateHooks(
  gate: RateGate,
): Required<Pick<FacesClientDeps, 'requestSlot' | 'onRateLimited'>> {
  return {
    requestSlot: (attempt, signal) => gate.run(FACES_LANE, attempt, signal),
    onRateLimited: (retryAfterMs) => gate.pause(FACES_LANE, retryAfterMs || DEFAULT_PAUSE_MS),
  }
}
