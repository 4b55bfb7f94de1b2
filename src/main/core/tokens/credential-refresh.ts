/**
 * The refresh of one entity's credential, run by the credential owner under the entity's lock:
 * re-read the stored token, run the grant, persist the new token and generation (keychain first,
 * the commit point), then the metadata, record the history, write through to Faces. A 108/105 is
 * re-checked once against the store; only then is the credential declared dead.
 */
import type { Problem } from '../../../shared/result'
import { ConcurError } from '../concur/concur-error'
import type { AccessGrant } from '../concur/concur-client'
import type { GrantResult } from '../concur/concur-oauth'
import { requireConcurHost } from '../concur/geolocation-policy'
import type { CredentialMeta } from '../settings/desk-settings'
import type { CredentialOwnerEvent, OwnerContext } from './credential-owner'
import { loadCredentialState, type StoredCredential } from './credential-repository'

/** One refresh grant under the entity's lock: re-read, grant, persist (keychain first), write through. */
export async function refreshLocked(
  ctx: OwnerContext,
  entityId: string,
  events: CredentialOwnerEvent[],
): Promise<{ grant: AccessGrant; generation: number; rotated: boolean }> {
  const loaded = await loadCredentialState(ctx.deps.repo, entityId, ctx.deps.clock.nowMs())
  if (!loaded)
    throw new ConcurError(
      'refresh-token-invalid',
      'No Concur credential is stored for this entity: exchange a request token first.',
    )
  let { secret, meta } = loaded
  if (meta.dead) throw new ConcurError('refresh-token-invalid', meta.dead.problem.message)
  let result: GrantResult
  try {
    result = await ctx.deps.oauth.refresh({
      entityKey: entityId,
      refreshToken: secret.refreshToken,
      geolocation: secret.geolocation,
    })
  } catch (err) {
    if (!isDeadGrant(err)) {
      await ctx.deps.repo.appendHistory({
        entityId,
        event: 'failure',
        outcome: 'failed',
        generation: secret.generation,
        message: 'Refresh failed; the desk tries again with the next call',
        error: err instanceof Error ? err.message : 'unknown failure',
        correlationId: (err as ConcurError).correlationId ?? null,
      })
      throw err
    }
    // A concurrent rotation is not a dead credential: re-read the store once and retry with what it holds.
    const again = await loadCredentialState(ctx.deps.repo, entityId, ctx.deps.clock.nowMs())
    if (
      !again ||
      (again.secret.generation === secret.generation && again.secret.refreshToken === secret.refreshToken)
    ) {
      const problem = await markDead(ctx, entityId, meta, secret, err)
      events.push({ type: 'dead', entityId, problem })
      throw new ConcurError('refresh-token-invalid', problem.message, {
        ...(err.correlationId ? { correlationId: err.correlationId } : {}),
        ...(err.code === undefined ? {} : { code: err.code }),
      })
    }
    ;({ secret, meta } = again)
    try {
      result = await ctx.deps.oauth.refresh({
        entityKey: entityId,
        refreshToken: secret.refreshToken,
        geolocation: secret.geolocation,
      })
    } catch (err2) {
      if (isDeadGrant(err2))
        events.push({ type: 'dead', entityId, problem: await markDead(ctx, entityId, meta, secret, err2) })
      throw err2
    }
  }
  await ctx.step('grant-received', entityId)
  const policy = ctx.deps.hostPolicy()
  let geolocation = secret.geolocation
  let refused: ConcurError | null = null
  try {
    geolocation = requireConcurHost(
      result.geolocation,
      policy,
      'the data centre Concur named for this company',
    )
  } catch (err) {
    refused = err as ConcurError
  }
  const newToken = result.grant.refreshToken
  const rotated = newToken !== null && newToken !== secret.refreshToken
  const next: StoredCredential = {
    generation: rotated ? nextGeneration(secret, meta) : secret.generation,
    refreshToken: newToken ?? secret.refreshToken,
    geolocation,
    // The strict rule: a rotated token lives until the chain's original expiry unless Concur says otherwise.
    refreshExpiresAtMs: result.grant.refreshExpiresAtMs ?? secret.refreshExpiresAtMs,
    exchangedFromTokenId: secret.exchangedFromTokenId,
  }
  const now = ctx.deps.clock.nowMs()
  // Persist first: Concur may have rotated the refresh token, and the old one may already be dead.
  if (
    rotated ||
    next.geolocation !== secret.geolocation ||
    next.refreshExpiresAtMs !== secret.refreshExpiresAtMs
  )
    await ctx.deps.repo.saveSecret(entityId, next)
  await ctx.step('secret-saved', entityId)
  const behind =
    meta.faces.generation === null ||
    meta.faces.generation < next.generation ||
    meta.faces.geolocation !== next.geolocation
  await ctx.deps.repo.saveMeta(entityId, {
    ...meta,
    generation: next.generation,
    geolocation: next.geolocation,
    refreshExpiresAtMs: next.refreshExpiresAtMs,
    sinceMs: rotated ? now : meta.sinceMs,
    pendingSinceMs: behind ? (meta.pendingSinceMs ?? now) : meta.pendingSinceMs,
  })
  await ctx.step('meta-saved', entityId)
  await ctx.deps.repo.appendHistory({
    entityId,
    event: rotated ? 'rotation' : 'refresh',
    outcome: 'success',
    generation: next.generation,
    facesGeneration: meta.faces.generation,
    message: rotated
      ? `Concur rotated the refresh token: generation ${next.generation} stored`
      : 'Refreshed; Concur kept the refresh token',
    correlationId: result.correlationId,
  })
  // Faces gets the new token even when the data centre Concur named was refused for calls.
  if (behind)
    events.push({
      type: 'write-through',
      entityId,
      outcome: await ctx.writeThroughLocked(entityId, 'rotation', next),
    })
  if (refused) throw refused
  return { grant: ctx.cacheGrant(entityId, result, geolocation), generation: next.generation, rotated }
}

async function markDead(
  ctx: OwnerContext,
  entityId: string,
  meta: CredentialMeta,
  secret: StoredCredential,
  err: ConcurError,
): Promise<Problem> {
  const now = ctx.deps.clock.nowMs()
  const expired = meta.refreshExpiresAtMs !== null && now >= meta.refreshExpiresAtMs
  const problem: Problem = {
    kind: 'refresh-token-invalid',
    message: expired
      ? 'The refresh token expired (Concur keeps it six months from the exchange). Compose the case and ask the customer for a new request token.'
      : `Concur no longer accepts the refresh token (code ${err.code ?? '?'}, checked twice). Compose the case and ask the customer for a new request token.`,
    ...(err.correlationId ? { correlationId: err.correlationId } : {}),
  }
  await ctx.deps.repo.saveMeta(entityId, {
    ...meta,
    dead: { sinceMs: now, reason: expired ? 'expired' : 'invalid', problem },
  })
  ctx.forgetAccess(entityId)
  await ctx.deps.repo.appendHistory({
    entityId,
    event: expired ? 'expiry' : 'dead',
    outcome: 'failed',
    generation: secret.generation,
    message: expired
      ? 'The refresh token expired: a new request token is needed'
      : 'The credential is dead: a new request token is needed',
    error: problem.message,
    correlationId: err.correlationId ?? null,
  })
  const name = (await ctx.deps.entities.get(entityId).catch(() => null))?.name ?? entityId
  ctx.deps.notify({
    id: `credential-dead-${entityId}-${now}`,
    level: 'error',
    title: `${name}: credential dead, request a new token`,
    body: problem.message,
    entityId,
    atMs: now,
  })
  ctx.log.warn('refresh: credential declared dead', { entity: entityId, code: err.code, expired })
  return problem
}

/**
 * Concur refused the refresh token itself (108: bad or expired), as opposed to a transient failure
 * or a configuration problem such as 105 (the token belongs to another client id: fix the client).
 */
function isDeadGrant(err: unknown): err is ConcurError {
  return err instanceof ConcurError && err.kind === 'refresh-token-invalid' && err.code === 108
}

/**
 * The generation of a new token: above everything this credential was ever known by (the keychain,
 * the metadata and what Faces acknowledged), so a restored keychain can never reuse a number.
 */
export function nextGeneration(
  secret: Pick<StoredCredential, 'generation'> | null,
  meta: Pick<CredentialMeta, 'generation' | 'faces'> | null,
): number {
  return Math.max(secret?.generation ?? 0, meta?.generation ?? 0, meta?.faces.generation ?? 0) + 1
}
