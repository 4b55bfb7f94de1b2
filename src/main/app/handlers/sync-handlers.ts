/**
 * Handlers of the sync and sync-log channels: travellers:list, travellers:detail, sync:run-entity,
 * sync:run-traveller, sync:cancel, sync:runs, sync:run-history, sync:poll-stats, log:query, log:export-csv.
 *
 * Wiring (composition root), e.g. with `createDeskSync` (src/main/core/sync/desk-sync.ts):
 *   const sync = createDeskSync({ ... })
 *   createSyncHandlers({ engine: sync.engine, syncLog: sync.syncLog })
 * Runs push 'sync:run-updated' and the log pushes 'log:appended' through the bus the engine and
 * log were built with; these handlers only answer requests.
 */
import type { Handlers } from '../dispatcher'
import type { SyncEngine } from '../../core/sync/sync-engine'
import { DEFAULT_RUN_HISTORY_LIMIT, runHistory, withLiveRuns } from '../../core/sync-log/run-history'
import type { SyncLog } from '../../core/sync-log/sync-log'
import { mergeRuns, type RunStore } from '../../core/sync/run-store'

/** Dependencies of the sync handlers. */
export type SyncHandlerDeps = Readonly<{
  engine: Pick<
    SyncEngine,
    'travellers' | 'travellerDetail' | 'runEntity' | 'runTraveller' | 'cancel' | 'runs' | 'pollStats'
  >
  syncLog: Pick<SyncLog, 'query' | 'exportCsv' | 'matching'>
  /** Stored runs: the list and the history show them with the engine's live ones (they survive restarts). */
  runs?: Pick<RunStore, 'recent' | 'history'>
}>

/** Runs the list shows. */
const RUN_LIST_LIMIT = 100

type SyncChannels =
  | 'travellers:list'
  | 'travellers:detail'
  | 'sync:run-entity'
  | 'sync:run-traveller'
  | 'sync:cancel'
  | 'sync:runs'
  | 'sync:run-history'
  | 'sync:poll-stats'
  | 'log:query'
  | 'log:export-csv'

/** Creates the handlers of the sync and log channels. */
export function createSyncHandlers(deps: SyncHandlerDeps): Pick<Handlers, SyncChannels> {
  return {
    'travellers:list': async ({ entityId }) => deps.engine.travellers(entityId),
    'sync:run-entity': async ({ entityId, full }) =>
      deps.engine.runEntity(entityId, full === undefined ? {} : { full }),
    'sync:run-traveller': async ({ entityId, loginId, direction }) =>
      deps.engine.runTraveller(entityId, loginId, direction),
    'sync:cancel': async ({ runId }) => deps.engine.cancel(runId),
    'travellers:detail': async ({ entityId, loginId }) => deps.engine.travellerDetail(entityId, loginId),
    'sync:runs': async ({ entityId }) =>
      mergeRuns(
        deps.runs ? await deps.runs.recent({ ...(entityId ? { entityId } : {}), limit: RUN_LIST_LIMIT }) : [],
        deps.engine.runs(entityId),
        RUN_LIST_LIMIT,
      ),
    'sync:run-history': async ({ entityId, limit = DEFAULT_RUN_HISTORY_LIMIT }) =>
      deps.runs
        ? withLiveRuns(await deps.runs.history({ entityId, limit }), deps.engine.runs(entityId), limit)
        : runHistory(
            (await deps.syncLog.matching({ entityId })).filter(
              (r) => r.kind === 'run-started' || r.kind === 'run-finished',
            ),
            deps.engine.runs(entityId),
            limit,
          ),
    'sync:poll-stats': async ({ entityId, sinceMs }) => deps.engine.pollStats(entityId, sinceMs),
    'log:query': async (q) => deps.syncLog.query(q),
    'log:export-csv': async (q) => deps.syncLog.exportCsv(q),
  }
}
