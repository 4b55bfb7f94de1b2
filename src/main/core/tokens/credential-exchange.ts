/**
 * The exchange of a company request token, run by the credential owner under the entity's lock:
 * the grant, a host-policy check of the data centre Concur names (before anything is stored), the
 * new token as generation n+1 (keychain first), its metadata and history, then the hand-off to
 * Faces (which also switches interface and polling on when this is the first activation).
 */
import { ConcurError } from '../concur/concur-error'
import type { GrantResult } from '../concur/concur-oauth'
import { requireConcurHost } from '../concur/geolocation-policy'
import type { CredentialOwnerEvent, ExchangeOutcome, OwnerContext } from './credential-owner'
import { emptyMeta, loadCredentialState, type StoredCredential } from './credential-repository'
import { nextGeneration } from './credential-refresh'

/** What an exchange needs. */
export type ExchangeInput = {
  entityId: string
  companyUuid: string
  requestToken: string
  tokenId: string | null
  activate: boolean
}

/** Exchanges a request token under the entity's lock. */
export async function exchangeLocked(
  ctx: OwnerContext,
  input: ExchangeInput,
  events: CredentialOwnerEvent[],
  signal: AbortSignal | undefined,
): Promise<ExchangeOutcome> {
  const now = ctx.deps.clock.nowMs()
  const previous = await loadCredentialState(ctx.deps.repo, input.entityId, now)
  /** Records a failed exchange and rethrows it. */
  const failed = async (message: string, err: unknown, correlationId: string | null): Promise<never> => {
    await ctx.deps.repo.appendHistory({
      entityId: input.entityId,
      event: 'exchange',
      outcome: 'failed',
      generation: previous?.secret.generation ?? null,
      message,
      error: err instanceof Error ? err.message : 'unknown failure',
      correlationId,
    })
    throw err
  }
  let result: GrantResult
  try {
    result = await ctx.deps.oauth.exchange(
      { entityKey: input.entityId, companyUuid: input.companyUuid, requestToken: input.requestToken },
      signal,
    )
  } catch (err) {
    return failed(
      'Concur did not exchange the request token',
      err,
      (err as ConcurError).correlationId ?? null,
    )
  }
  await ctx.step('grant-received', input.entityId)
  if (!result.grant.refreshToken)
    throw new ConcurError(
      'remote-failed',
      'Concur accepted the request token but sent no refresh token. Ask the customer for a new request token.',
      { correlationId: result.correlationId },
    )
  // Checked before storing: a refused data centre never becomes the credential's home.
  let geolocation: string
  try {
    geolocation = requireConcurHost(
      result.geolocation,
      ctx.deps.hostPolicy(),
      'the data centre Concur named for this company',
    )
  } catch (err) {
    return failed(
      'Exchange refused: Concur named a data centre the desk does not send tokens to',
      err,
      result.correlationId,
    )
  }
  const secret: StoredCredential = {
    generation: nextGeneration(
      previous?.secret ?? null,
      previous?.meta ?? (await ctx.deps.repo.loadMeta(input.entityId)),
    ),
    refreshToken: result.grant.refreshToken,
    geolocation,
    refreshExpiresAtMs: result.grant.refreshExpiresAtMs,
    exchangedFromTokenId: input.tokenId,
  }
  await ctx.deps.repo.saveSecret(input.entityId, secret)
  await ctx.step('secret-saved', input.entityId)
  const base = previous?.meta ?? (await ctx.deps.repo.loadMeta(input.entityId)) ?? emptyMeta(now)
  await ctx.deps.repo.saveMeta(input.entityId, {
    ...base,
    generation: secret.generation,
    geolocation,
    refreshExpiresAtMs: secret.refreshExpiresAtMs,
    sinceMs: now,
    issuedAtMs: now,
    exchangedFromTokenId: input.tokenId,
    handedToFacesAtMs: null,
    activationPending: base.activationPending || input.activate,
    pendingSinceMs: now,
    pendingProblem: null,
    pendingNotifiedAtMs: null,
    dead: null,
  })
  await ctx.step('meta-saved', input.entityId)
  await ctx.deps.repo.appendHistory({
    entityId: input.entityId,
    event: 'exchange',
    outcome: 'success',
    generation: secret.generation,
    facesGeneration: base.faces.generation,
    message: `Request token exchanged: generation ${secret.generation} stored in the keychain`,
    correlationId: result.correlationId,
  })
  ctx.cacheGrant(input.entityId, result, geolocation)
  const handOff = await ctx.writeThroughLocked(input.entityId, 'hand-off', secret)
  events.push(
    { type: 'write-through', entityId: input.entityId, outcome: handOff },
    { type: 'changed', entityId: input.entityId },
  )
  return {
    geolocation,
    refreshExpiresAtMs: secret.refreshExpiresAtMs,
    correlationId: result.correlationId,
    scopes: result.grant.scopes,
    generation: secret.generation,
    handOff,
  }
}
