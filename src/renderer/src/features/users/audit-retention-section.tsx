/** Settings → Users & audit: how long the audit trail keeps records (admins; pruned in the background). */
import { useState, type FormEvent, type ReactNode } from 'react'
import { AUDIT_RETENTION_DAYS, settingsPatchSchema } from '../../../../shared/contract'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { InlineProblem } from '../../lib/ui'
import { notifySuccess } from '../notifications/notify'
import { useSettingsStore } from '../settings/settings-store'

const { min, max } = AUDIT_RETENTION_DAYS

/** The retention form. */
export function AuditRetentionSection(): ReactNode {
  const days = useSettingsStore((s) => s.settings?.auditRetentionDays ?? null)
  const [draft, setDraft] = useState<string | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const value = draft ?? (days === null ? '' : String(days))

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault()
    const n = Number(value)
    if (!settingsPatchSchema.shape.auditRetentionDays.safeParse(n).success)
      return setProblem({
        kind: 'invalid-input',
        message: `Keep audit records for ${min} to ${max.toLocaleString('en-GB')} whole days.`,
      })
    const r = await getDeskApi().call('settings:update', { auditRetentionDays: n })
    if (!r.ok) return setProblem(r.problem)
    setProblem(null)
    setDraft(null)
    useSettingsStore.getState().replace(r.value)
    notifySuccess('Audit retention saved', `Records older than ${n} days are removed in the background.`)
  }

  return (
    <section className="panel" aria-labelledby="audit-retention-title">
      <h2 id="audit-retention-title">Audit trail retention</h2>
      <form className="row" onSubmit={(e) => void save(e)}>
        <label>
          Keep records for (days)
          <input type="number" min={min} max={max} value={value} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">Save</button>
      </form>
      <p className="muted">
        Older records are removed in the background (checked every hour); the trail notes each removal. Export
        what you must keep longer as CSV from the Audit screen first.
      </p>
      <InlineProblem problem={problem} />
    </section>
  )
}
