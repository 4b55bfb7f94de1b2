/**
 * The run-started / run-finished records of the sync log. Both carry the run's facts (kind,
 * state, labelled counts), so the run history is derived from the log alone and survives a
 * restart; the message says the same in words, with the same count labels as the screen. How a
 * run ended also goes to its row in the RunStore (the run history reads the runs table).
 */
import type { Problem } from '../../../shared/result'
import type { SyncLogRecord, SyncRunView } from '../../../shared/model'
import { runCountsText } from '../../../shared/run-counts'
import type { SyncLog } from '../sync-log/sync-log'
import type { RunStore } from './run-store'

/** Words for each kind of run. */
export const RUN_KIND_WORDS: Record<SyncRunView['kind'], string> = {
  scheduled: 'Scheduled poll',
  manual: 'Manual sync',
  'full-resync': 'Full resync',
  traveller: 'Traveller sync',
  'catch-up': 'Catch-up poll',
}

const FINISH_WORDS: Record<SyncRunView['state'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
}

const OUTCOME_OF: Record<SyncRunView['state'], SyncLogRecord['outcome']> = {
  queued: 'info',
  running: 'info',
  done: 'success',
  failed: 'failed',
  cancelled: 'cancelled',
}

/** The entity fields a run record names. */
type EntityRef = { id: string; name: string }

/** Writes the start and finish of runs (and the outcome to `runs`, when the desk keeps them). */
export function createRunLog(syncLog: Pick<SyncLog, 'append'>, runs?: Pick<RunStore, 'finish'>) {
  return {
    /** `detail`: what the run reads (a full resync, one traveller). */
    started(entity: EntityRef, run: SyncRunView, detail: string | null): void {
      syncLog.append({
        entityId: entity.id,
        entityName: entity.name,
        runId: run.runId,
        direction: run.direction,
        kind: 'run-started',
        outcome: 'info',
        message: `${RUN_KIND_WORDS[run.kind]} started${detail ? ` (${detail})` : ''}`,
        run: { kind: run.kind, state: 'running', counts: { ...run.counts } },
      })
    },
    /** A run that ends `done` with failed profiles is logged as a warning (partly done). */
    finished(
      entity: EntityRef,
      run: SyncRunView,
      state: SyncRunView['state'],
      durationMs: number,
      problem: Problem | null,
    ): void {
      const partly = state === 'done' && run.counts.failed > 0
      syncLog.append({
        entityId: entity.id,
        entityName: entity.name,
        runId: run.runId,
        direction: run.direction,
        kind: 'run-finished',
        outcome: partly ? 'warning' : OUTCOME_OF[state],
        message: `${RUN_KIND_WORDS[run.kind]} ${partly ? 'finished with failures' : FINISH_WORDS[state]}: ${runCountsText(run.counts)}`,
        durationMs,
        error: problem?.message ?? null,
        correlationId: problem?.correlationId ?? null,
        run: { kind: run.kind, state, counts: { ...run.counts } },
      })
      void runs
        ?.finish(run.runId, {
          problem: problem?.message ?? null,
          correlationId: problem?.correlationId ?? null,
        })
        .catch(() => {}) // the log line above says the same; a lost outcome only blanks one history cell
    },
  }
}
