/** Settings → Sync log: how long, and how many, sync-log records the desk keeps (empty: no limit). */
import type { ReactNode } from 'react'
import { Field } from '../../lib/field'
import type { DraftSectionProps } from './settings-draft'

/** The sync-log retention fields (bounds: the contract's SYNC_LOG_RETENTION, checked by the draft). */
export function SyncLogSection({ draft, set, err }: DraftSectionProps): ReactNode {
  return (
    <fieldset>
      <legend>Sync log</legend>
      <Field
        id="log-max-age"
        label="Keep records for (days)"
        type="number"
        value={draft.logMaxAgeDays}
        onChange={(v) => set({ logMaxAgeDays: v })}
        error={err('syncLogRetention.maxAgeDays')}
        hint="Older records are removed once an hour. Empty: no age limit."
      />
      <Field
        id="log-max-records"
        label="Keep at most (records)"
        type="number"
        value={draft.logMaxRecords}
        onChange={(v) => set({ logMaxRecords: v })}
        error={err('syncLogRetention.maxRecords')}
        hint="The oldest records go first. Empty: no size limit."
      />
    </fieldset>
  )
}
