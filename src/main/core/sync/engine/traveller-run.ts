/**
 * A manual sync of one traveller in one direction (the traveller list's "Sync now"): Concur →
 * Faces sends the whole profile; Faces → Concur compares against Concur itself, not the remembered
 * base, so it repairs drift. Shown as a run of kind 'traveller'.
 */
import type { Direction, SyncRunView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import type { SourceEntity } from '../../entities/entity-source'
import { DeskError } from '../../errors/desk-error'
import { toProblem } from '../../errors/to-problem'
import { createRunLog } from '../run-log'
import type { ConcurToFacesStep } from './concur-to-faces-step'
import { travellerKey, type EngineContext, type StepResult } from './engine-context'
import type { FacesToConcurPush } from './faces-to-concur-push'
import { countStep } from './step-result'
import { travellerLogEntry } from './traveller-log-entry'

/** Starts a single-traveller run; resolves once it is registered. */
export type TravellerRun = (
  entity: SourceEntity,
  loginId: string,
  direction: Direction,
) => Promise<SyncRunView>

/** Builds the single-traveller run over both directions. */
export function createTravellerRun(
  ctx: EngineContext,
  step: ConcurToFacesStep,
  push: FacesToConcurPush,
): TravellerRun {
  const { deps, runs, store } = ctx
  const runLog = createRunLog(deps.syncLog, deps.runs)
  return async (entity, loginId, direction) => {
    // Held (and on a shared store re-read first) for the whole run: its pushes and saves use this state.
    const release = ctx.holdState(entity.id)
    const st = await ctx.loadState(entity.id, true).catch((err: unknown) => {
      release()
      throw err
    })
    const run = runs.create(entity.id, 'traveller', direction)
    run.view.state = 'running'
    run.view.profilesTotal = 1
    run.view.counts.read = 1
    runs.emit(run, true)
    runLog.started(entity, run.view, loginId)
    const lifecycle = ctx.lifecycle()
    const onLifecycleAbort = (): void => run.controller.abort()
    lifecycle.addEventListener('abort', onLifecycleAbort, { once: true })
    const signal = run.controller.signal
    const work = async (): Promise<StepResult> => {
      if (direction === 'concur-to-faces') {
        const r = await step(entity, st, loginId, run, { force: true })
        await store.save(entity.id)
        return r
      }
      const known = st.travellers[travellerKey(loginId)]
      let facesId = known?.facesId ?? null
      if (!facesId)
        facesId = (await deps.faces.findByLogin(entity.facesCompanyId, loginId, signal))[0]?.id ?? null
      if (!facesId)
        throw new DeskError('not-found', `Faces has no traveller with the Concur login ID ${loginId}.`)
      // A manual push compares against Concur itself, not the remembered base, so it repairs drift.
      if (known) known.baseHash = ''
      const r = await push(
        {
          companyId: entity.facesCompanyId,
          travellerId: facesId,
          concurLoginId: loginId,
          seq: 0,
          firstSeenMs: 0,
          attempts: 0,
          nextAttemptMs: 0,
          lastError: null,
        },
        signal,
        run,
      )
      run.view.profilesDone = 1
      if (r.outcome === 'failed' || r.outcome === 'rejected') run.view.failed = 1
      countStep(run.view, r)
      return r
    }
    const finish = (state: SyncRunView['state'], problem: Problem | null): void => {
      runLog.finished(entity, run.view, state, deps.clock.nowMs() - run.view.startedAtMs, problem)
      runs.finish(run, state)
    }
    run.done = ctx.track(
      work()
        .then((r) =>
          finish(
            r.outcome === 'failed' || r.outcome === 'rejected'
              ? 'failed'
              : r.outcome === 'cancelled'
                ? 'cancelled'
                : 'done',
            r.error ? { kind: 'remote-failed', message: r.error } : null,
          ),
        )
        .catch((err: unknown) => {
          deps.syncLog.append(
            travellerLogEntry({
              entity,
              runId: run.view.runId,
              direction,
              traveller: loginId,
              outcome: 'failed',
              message: 'Traveller sync failed',
              err,
            }),
          )
          if (!signal.aborted) {
            run.view.failed = 1
            run.view.counts.failed = 1
          }
          finish(signal.aborted ? 'cancelled' : 'failed', toProblem(err))
        })
        .finally(() => {
          lifecycle.removeEventListener('abort', onLifecycleAbort)
          release()
        }),
    )
    return { ...run.view }
  }
}
