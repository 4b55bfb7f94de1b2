/**
 * One traveller, Concur → Faces: read the profile, drop an echo of the desk's own write, write
 * ahead what will be sent, upsert it into Faces (create-only for a first copy), handle a login-id
 * change by policy, and remember the new agreed content. Serialised per traveller with the Faces
 * → Concur push (keyed lock). Never throws: every outcome is a StepResult and, except skips, a
 * sync-log record.
 */
import type { SourceEntity } from '../../entities/entity-source'
import { isFacesError } from '../../faces/faces-error'
import { diffFlat, flattenFacesTraveller, hashFlat, type FlatPatch } from '../../faces/faces-traveller'
import { changeNoteOf, withChangeNote } from '../change-note'
import { concurKeyOf, flattenConcurProfile } from '../concur-mapping'
import {
  findTravellerByIds,
  putTraveller,
  removeTraveller,
  type EntitySyncState,
  type TravellerState,
} from '../sync-state'
import { settledModifiedMs, withApplied } from './applied-changes'
import { concurProfileOrNull } from './concur-profile'
import { travellerKey, type EngineContext, type StepResult } from './engine-context'
import { travellerLockKey } from './keyed-lock'
import { readFacesTraveller, resolvePending } from './pending-writes'
import type { Run } from './run-registry'
import { countStep, type StepEffect } from './step-result'
import { loginChangeNotification } from './sync-notifications'
import { errorText, travellerLogEntry } from './traveller-log-entry'

/** Options of one step. */
export type ConcurToFacesOptions = {
  /** A manual single-traveller sync: no echo check, the whole profile is sent. */
  force: boolean
  /** The summary row behind this step, and what the walk knew of Concur's clock (applied-changes.ts). */
  change?: { lastModifiedMs: number; concurClockFloorMs: number | null }
}

/** The step function. */
export type ConcurToFacesStep = (
  entity: SourceEntity,
  st: EntitySyncState,
  loginId: string,
  run: Run,
  opts: ConcurToFacesOptions,
) => Promise<StepResult>

/** Builds the step over the engine's context. */
export function createConcurToFacesStep(ctx: EngineContext): ConcurToFacesStep {
  const { deps, store, counters, runs } = ctx
  return (entity, st, loginId, run, opts) => {
    const signal = run.controller.signal
    return ctx.locks.run(travellerLockKey(entity.id, loginId), async (): Promise<StepResult> => {
      const t0 = deps.clock.nowMs()
      const record = (
        outcome: StepResult['outcome'],
        message: string,
        err?: unknown,
        effect?: StepEffect,
      ): StepResult => {
        run.view.profilesDone++
        if (outcome === 'failed') run.view.failed++
        countStep(run.view, effect ? { outcome, effect } : { outcome })
        if (outcome !== 'skipped' && outcome !== 'cancelled')
          deps.syncLog.append(
            travellerLogEntry({
              entity,
              runId: run.view.runId,
              direction: 'concur-to-faces',
              traveller: loginId,
              outcome,
              message,
              durationMs: deps.clock.nowMs() - t0,
              ...(err === undefined ? {} : { err }),
            }),
          )
        runs.emit(run)
        return err === undefined ? { outcome } : { outcome, error: errorText(err) }
      }
      if (signal.aborted) return { outcome: 'cancelled' }
      try {
        const profile = await concurProfileOrNull(deps.concur, entity.id, loginId, signal)
        if (!profile)
          return record('skipped', 'Profile no longer in Concur; nothing to sync', undefined, 'skipped')
        const content = flattenConcurProfile(profile)
        const hash = hashFlat(content)
        const key = travellerKey(profile.loginId)
        const found = findState(st, key, profile.uuid || null, profile.general.companyEmployeeId || null)
        if (found?.t.pending && !opts.force) {
          // A write of ours may have landed just before a crash: ask Faces before choosing the base.
          const current = await readFacesTraveller(deps.faces, entity.facesCompanyId, found.t, signal)
          resolvePending(found.t, current ? flattenFacesTraveller(current) : null)
        }
        // The row's change time, once it is safe to remember as applied (null: read it again next time).
        const settled = opts.change
          ? settledModifiedMs(opts.change.lastModifiedMs, {
              concurClockFloorMs: opts.change.concurClockFloorMs,
              readStartedAtMs: t0,
              overlapMs: ctx.options.overlapMs,
            })
          : null
        if (!opts.force && found && found.key === key && found.t.baseHash === hash && found.t.facesId) {
          counters.echoesSuppressed++
          const applied = withApplied(found.t.appliedModifiedMs, settled)
          if (applied !== found.t.appliedModifiedMs) {
            found.t.appliedModifiedMs = applied
            ctx.saveLater(store.saveTravellers(entity.id, [key]), entity.id)
          }
          return record('skipped', 'Already in Faces')
        }
        const patch: FlatPatch = found && !opts.force ? diffFlat(found.t.base, content) : content
        const policy = deps.settings().loginIdChangePolicy
        // Write-ahead: the intended content is on disk before Faces sees the request.
        const ahead: TravellerState =
          found?.t ??
          newTravellerState(profile.loginId, profile.uuid, profile.general.companyEmployeeId || null)
        ahead.pending = content
        ahead.pendingFirstContact = Object.keys(ahead.base).length === 0
        const aheadKey = found?.key ?? key
        putTraveller(st, aheadKey, ahead)
        await store.saveTravellers(entity.id, [aheadKey])
        if (signal.aborted) return { outcome: 'cancelled' }
        const upsert = (p: FlatPatch, ifAbsent: boolean) =>
          deps.faces.upsertTraveller(entity.facesCompanyId, concurKeyOf(profile), p, {
            onLoginIdChange: policy === 'update-existing' ? 'update' : 'reject',
            ifAbsent,
            signal,
          })
        // A first copy carries the whole profile; sent as create-only so that a retry of a write
        // that already landed (lost response) cannot overwrite edits a Faces user made since.
        const firstCopy = ahead.pendingFirstContact === true && !opts.force
        let res
        try {
          try {
            res = await upsert(patch, firstCopy)
          } catch (err) {
            if (!(firstCopy && isFacesError(err, 'conflict', 'already-exists'))) throw err
            ahead.base = content
            ahead.baseHash = hash
            res = await upsert({}, false)
          }
        } catch (err) {
          if (isFacesError(err, 'conflict', 'login-id-changed')) {
            if (signal.aborted) return { outcome: 'cancelled' }
            st.loginIdChanges++
            ctx.saveLater(store.saveProgress(entity.id), entity.id)
            const previous = previousLoginOf(err.body)
            deps.bus.emit(
              'notify',
              loginChangeNotification(entity, previous, profile.loginId, false, deps.clock.nowMs()),
            )
            return record(
              'warning',
              `Login ID changed from ${previous} to ${profile.loginId}; flagged, Faces left unchanged (policy: flag only)`,
            )
          }
          throw err
        }
        counters.facesWrites++
        if (signal.aborted) return { outcome: 'cancelled' }
        if (found && found.key !== key) removeTraveller(st, found.key)
        if (res.loginIdChangedFrom) {
          st.loginIdChanges++
          deps.bus.emit(
            'notify',
            loginChangeNotification(
              entity,
              res.loginIdChangedFrom,
              profile.loginId,
              true,
              deps.clock.nowMs(),
            ),
          )
        }
        const now = deps.clock.nowMs()
        const wrote = res.created || res.changed
        putTraveller(st, key, {
          ...withChangeNote(
            found?.t,
            'concur-to-faces',
            wrote ? changeNoteOf(found?.t.base ?? {}, patch, now, res.created) : null,
          ),
          loginId: profile.loginId,
          concurUuid: profile.uuid,
          employeeId: profile.general.companyEmployeeId || null,
          facesId: res.traveller.id,
          facesVersion: res.traveller.version,
          name: [profile.general.firstName, profile.general.lastName].filter(Boolean).join(' '),
          base: content,
          baseHash: hash,
          c2fHash: hash,
          pending: null,
          pendingFirstContact: false,
          f2cHash: found?.t.f2cHash ?? null,
          lastConcurToFacesMs: now,
          lastFacesToConcurMs: found?.t.lastFacesToConcurMs ?? null,
          lastOutcome: res.loginIdChangedFrom ? 'warning' : 'success',
          ...optional('appliedModifiedMs', withApplied(found?.t.appliedModifiedMs, settled)),
        })
        ctx.facesIndex.set(res.traveller.id, { entityId: entity.id, key })
        if (res.loginIdChangedFrom) ctx.saveLater(store.saveProgress(entity.id), entity.id)
        ctx.saveLater(
          store.saveTravellers(entity.id, found && found.key !== key ? [found.key, key] : [key]),
          entity.id,
        )
        if (res.loginIdChangedFrom)
          return record(
            'warning',
            `Login ID changed from ${res.loginIdChangedFrom} to ${profile.loginId}; updated the existing Faces traveller`,
            undefined,
            'written',
          )
        return record(
          'success',
          res.created ? 'Created in Faces' : res.changed ? 'Updated in Faces' : 'Faces already up to date',
          undefined,
          wrote ? 'written' : 'unchanged',
        )
      } catch (err) {
        if (signal.aborted) return { outcome: 'cancelled' }
        const t = st.travellers[travellerKey(loginId)]
        if (t) t.lastOutcome = 'failed'
        return record('failed', 'Could not sync to Faces; will retry next run', err)
      }
    })
  }
}

/** What the desk remembers about a traveller it has never copied (no base yet: the first write is a first copy). */
export function newTravellerState(
  loginId: string,
  concurUuid: string | null,
  employeeId: string | null,
): TravellerState {
  return {
    loginId,
    concurUuid,
    employeeId,
    facesId: null,
    name: '',
    base: {},
    baseHash: '',
    c2fHash: null,
    f2cHash: null,
    lastConcurToFacesMs: null,
    lastFacesToConcurMs: null,
    lastOutcome: null,
  }
}

/** The remembered traveller: under its login, else by Concur UUID or employee id (a login-id change keeps both). */
function findState(
  st: EntitySyncState,
  key: string,
  uuid: string | null,
  employeeId: string | null,
): { key: string; t: TravellerState } | null {
  const direct = st.travellers[key]
  if (direct) return { key, t: direct }
  return findTravellerByIds(st, uuid, employeeId)
}

/** `{ [name]: value }`, or nothing when the value is undefined (state files keep no undefined fields). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: V })
}

/** The previous login id named by a Faces `login-id-changed` conflict. */
function previousLoginOf(body: Record<string, unknown> | undefined): string {
  const v = body?.['previousLoginId']
  return typeof v === 'string' ? v : '?'
}
