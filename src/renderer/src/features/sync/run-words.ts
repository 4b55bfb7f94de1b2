/**
 * What a run is called and how it stands, in words: the Manual sync card, the run history and
 * the run toasts use these, so one run reads the same everywhere (never "done" or "0/12").
 */
import type { RunHistoryEntry, SyncRunView } from '../../../../shared/model'
import { runCountsText } from '../../../../shared/run-counts'

/** Words for each kind of run. */
export const RUN_KIND_LABEL: Record<SyncRunView['kind'], string> = {
  scheduled: 'Scheduled poll',
  manual: 'Manual sync',
  'full-resync': 'Full resync',
  traveller: 'Traveller sync',
  'catch-up': 'Catch-up poll',
}

/** `Concur → Faces` / `Faces → Concur`. */
export function directionWords(d: SyncRunView['direction']): string {
  return d === 'concur-to-faces' ? 'Concur → Faces' : 'Faces → Concur'
}

/** A run's state as text and badge class. */
export function runStatus(
  state: RunHistoryEntry['state'],
  failed: number,
): { text: string; badge: 'ok' | 'warn' | 'bad' | 'info' | 'muted' } {
  switch (state) {
    case 'queued':
      return { text: 'Waiting to start', badge: 'info' }
    case 'running':
      return { text: 'Running', badge: 'info' }
    case 'done':
      return failed > 0
        ? { text: 'Finished with failures', badge: 'warn' }
        : { text: 'Succeeded', badge: 'ok' }
    case 'failed':
      return { text: 'Failed', badge: 'bad' }
    case 'cancelled':
      return { text: 'Cancelled', badge: 'muted' }
    case 'interrupted':
      return { text: 'Interrupted: the desk stopped', badge: 'warn' }
  }
}

/** Progress in words while a run works: "30 of 120 profiles processed, page 2 of 4". */
export function progressWords(run: SyncRunView): string {
  if (run.state === 'queued') return 'Waiting for a free slot (other entities are polling).'
  const pages =
    run.pagesTotal !== null && run.pagesTotal > 1 ? `, page ${run.pagesDone} of ${run.pagesTotal}` : ''
  if (run.profilesTotal === null) return `Reading Concur's list of changed profiles${pages}…`
  return `${run.profilesDone.toLocaleString('en-GB')} of ${run.profilesTotal.toLocaleString('en-GB')} profiles processed${pages}`
}

/** What a run did, or why that is not known. */
export function countsWords(entry: Pick<RunHistoryEntry, 'counts'>): string {
  return entry.counts ? runCountsText(entry.counts) : 'Counts were not recorded for this run.'
}
