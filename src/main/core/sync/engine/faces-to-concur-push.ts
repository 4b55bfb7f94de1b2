/**
 * Faces → Concur, one traveller from the outbox: read the traveller in Faces, drop an echo of the
 * desk's own write, read the Concur profile, apply the Faces edits as a diff against the agreed base
 * (without a base, Concur wins and only fields Concur lacks are pushed), POST it, and remember the
 * new agreed content. A permanent refusal (unknown login, an E-code) is recorded once and leaves
 * the outbox; anything else is retried with backoff. Serialised per traveller with the Concur →
 * Faces step.
 */
import { ConcurError } from '../../concur/concur-error'
import { isDeskError } from '../../errors/desk-error'
import { backoffMs } from '../../errors/retry-call'
import {
  applyFlatPatch,
  diffFlat,
  flattenFacesTraveller,
  hashFlat,
  type FacesTraveller,
  type FlatContent,
  type FlatPatch,
} from '../../faces/faces-traveller'
import { changeNoteOf, withChangeNote } from '../change-note'
import { applyContentToProfile, flattenConcurProfile } from '../concur-mapping'
import type { OutboxItem } from '../outbox'
import { putTraveller } from '../sync-state'
import { concurProfileOrNull } from './concur-profile'
import { travellerKey, type EngineContext, type StepResult } from './engine-context'
import { travellerLockKey } from './keyed-lock'
import { resolvePending } from './pending-writes'
import type { Run } from './run-registry'
import { errorText, travellerLogEntry } from './traveller-log-entry'

/** Pushes one outbox item; `run` when a person asked for it (a single-traveller sync). */
export type FacesToConcurPush = (item: OutboxItem, signal: AbortSignal, run?: Run) => Promise<StepResult>

/** Builds the push over the engine's context. */
export function createFacesToConcurPush(ctx: EngineContext): FacesToConcurPush {
  const { deps, outbox, store, counters, options } = ctx
  return async (item, signal, run) => {
    const entity = await ctx.entities.forCompany(item.companyId)
    if (!entity) {
      await outbox.done(item)
      return { outcome: 'skipped' }
    }
    // On a shared store another instance may have written this entity's state since: re-read it,
    // unless a poll or push of this instance works on it right now (its state here is the newest).
    const done = ctx.holdState(entity.id)
    const st = await ctx.loadState(entity.id, true).catch((err: unknown) => {
      done()
      throw err
    })
    const lockKey = travellerLockKey(entity.id, item.concurLoginId ?? item.travellerId)
    const pushLocked = async (): Promise<StepResult> => {
      const t0 = deps.clock.nowMs()
      let login = item.concurLoginId
      const log = (outcome: 'success' | 'warning' | 'rejected' | 'failed', message: string, extra = {}) =>
        deps.syncLog.append(
          travellerLogEntry({
            entity,
            runId: run?.view.runId ?? null,
            direction: 'faces-to-concur',
            traveller: login,
            outcome,
            message,
            durationMs: deps.clock.nowMs() - t0,
            ...extra,
          }),
        )
      const markOutcome = (outcome: 'rejected' | 'failed'): void => {
        const t = st.travellers[travellerKey(login ?? '')]
        if (t) t.lastOutcome = outcome
      }
      try {
        let traveller: FacesTraveller
        try {
          traveller = await deps.faces.getTraveller(item.companyId, item.travellerId, signal)
        } catch (err) {
          if (isDeskError(err, 'not-found')) {
            await outbox.done(item)
            return { outcome: 'skipped' }
          }
          throw err
        }
        const linkedLogin = traveller.concurLoginId
        login = linkedLogin
        if (!linkedLogin) {
          await outbox.done(item)
          return { outcome: 'skipped' }
        }
        const content = flattenFacesTraveller(traveller)
        const hash = hashFlat(content)
        const key = travellerKey(linkedLogin)
        const known = st.travellers[key]
        if (known?.pending) resolvePending(known, content)
        if (known && known.baseHash === hash) {
          counters.echoesSuppressed++
          known.facesId = traveller.id
          known.facesVersion = traveller.version
          if (signal.aborted) return { outcome: 'cancelled' }
          await outbox.done(item)
          return { outcome: 'skipped', effect: 'unchanged' }
        }
        const profile = await concurProfileOrNull(deps.concur, entity.id, linkedLogin, signal)
        if (!profile) {
          if (signal.aborted) return { outcome: 'cancelled' }
          // Permanent for this traveller (E003 / Invalid User): one attempt, a clear record, never retried.
          log(
            'rejected',
            `Concur has no profile with login ${linkedLogin}. Create it in Concur, or correct the login in Faces.`,
          )
          markOutcome('rejected')
          await outbox.done(item)
          return { outcome: 'rejected' }
        }
        const current = flattenConcurProfile(profile)
        const hasBase = known !== undefined && Object.keys(known.base).length > 0
        const patch = hasBase ? diffFlat(known.base, content) : onlyMissing(current, content)
        const target = applyFlatPatch(current, patch)
        const targetHash = hashFlat(target)
        let correlationId: string | null = null
        let warning: string | null = null
        if (targetHash !== hashFlat(current)) {
          const res = await deps.concur.postProfile(
            entity.id,
            'Update',
            applyContentToProfile(profile, target),
            signal,
          )
          counters.concurPosts++
          correlationId = res.correlationId
          if (!res.ok)
            throw new ConcurError('invalid-input', res.advice ?? 'Concur refused the update.', {
              correlationId: res.correlationId,
              travellerRejected: true,
              ...(res.messages[0] ? { messageCode: res.messages[0].code } : {}),
            })
          if (res.outcome === 'warning') warning = res.advice
        }
        if (signal.aborted) return { outcome: 'cancelled' }
        const now = deps.clock.nowMs()
        putTraveller(st, key, {
          ...withChangeNote(
            known,
            'faces-to-concur',
            targetHash !== hashFlat(current)
              ? changeNoteOf(current, diffFlat(current, target), now, false)
              : null,
          ),
          loginId: linkedLogin,
          concurUuid: known?.concurUuid ?? profile.uuid,
          employeeId: known?.employeeId ?? (profile.general.companyEmployeeId || null),
          facesId: traveller.id,
          facesVersion: traveller.version,
          name: [traveller.firstName, traveller.lastName].filter(Boolean).join(' '),
          base: content,
          baseHash: hash,
          c2fHash: known?.c2fHash ?? null,
          f2cHash: targetHash,
          lastConcurToFacesMs: known?.lastConcurToFacesMs ?? null,
          lastFacesToConcurMs: now,
          lastOutcome: warning ? 'warning' : 'success',
          // The push bumps Concur's LastModifiedDate: the next poll reads it once, finds it in Faces, and moves this on.
          ...(known?.appliedModifiedMs === undefined ? {} : { appliedModifiedMs: known.appliedModifiedMs }),
        })
        ctx.facesIndex.set(traveller.id, { entityId: entity.id, key })
        await store.saveTravellers(entity.id, [key])
        await outbox.done(item)
        counters.pushes++
        log(
          warning ? 'warning' : 'success',
          warning ??
            (Object.keys(patch).length
              ? `Pushed ${Object.keys(patch).length} field(s) to Concur`
              : 'Concur already up to date'),
          { correlationId },
        )
        return { outcome: 'success', effect: Object.keys(patch).length ? 'written' : 'unchanged' }
      } catch (err) {
        if (signal.aborted) return { outcome: 'cancelled' }
        if (err instanceof ConcurError && err.travellerRejected) {
          // Concur refused this traveller for good: resending cannot succeed, so the outbox moves on.
          await outbox.done(item)
          markOutcome('rejected')
          log('rejected', err.message, { err })
          return { outcome: 'rejected', error: errorText(err) }
        }
        const attempts = item.attempts + 1
        const waitMs = backoffMs(attempts, {
          baseMs: options.pushBackoffMs,
          maxMs: options.maxPushBackoffMs,
          random: () => 1,
        })
        await outbox.failed(item, errorText(err), deps.clock.nowMs() + waitMs)
        markOutcome('failed')
        log(
          'failed',
          `Could not push to Concur (attempt ${attempts}); retrying in ${Math.round(waitMs / 1000)} s`,
          {
            err,
          },
        )
        return { outcome: 'failed', error: errorText(err) }
      }
    }
    return ctx.locks.run(lockKey, async (): Promise<StepResult> => {
      try {
        return await pushLocked()
      } finally {
        done()
      }
    })
  }
}

/** The fields of `faces` that Concur does not have at all (a first push never overwrites or deletes). */
export function onlyMissing(concur: FlatContent, faces: FlatContent): FlatPatch {
  const out: FlatPatch = {}
  for (const [k, v] of Object.entries(faces)) if (concur[k] === undefined) out[k] = v
  return out
}
