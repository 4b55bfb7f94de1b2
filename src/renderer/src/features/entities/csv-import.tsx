/** CSV import of entities: paste or pick a file, check it (dry run), import, and read the per-row report. */
import { useState, type ReactNode } from 'react'
import type { RequestOutputs } from '../../../../shared/contract'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { Modal } from '../../lib/modal'
import { ReasonButton } from '../../lib/reason-button'
import { ProblemBox } from '../../lib/ui'
import { notifyInfo, notifySuccess } from '../notifications/notify'
import { useEntitiesStore } from './entities-store'

type Report = RequestOutputs['entities:import-csv']

/** The CSV import dialog. */
export function CsvImportDialog(props: { onClose: () => void }): ReactNode {
  const [csv, setCsv] = useState('')
  const [report, setReport] = useState<{ report: Report; isDryRun: boolean } | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  const blocker = isBusy
    ? 'The import is running.'
    : csv.trim()
      ? null
      : 'Pick a CSV file or paste its text first.'

  async function run(dryRun: boolean): Promise<void> {
    setIsBusy(true)
    setProblem(null)
    const r = await getDeskApi().call('entities:import-csv', { csv, dryRun })
    setIsBusy(false)
    if (!r.ok) return setProblem(r.problem)
    setReport({ report: r.value, isDryRun: dryRun })
    if (dryRun) return
    void useEntitiesStore.getState().load()
    // The report lives in this dialog; the toast keeps the outcome in the history once it is closed.
    const { created, updated, rejected } = r.value
    const title = `CSV import: ${created} created, ${updated} updated, ${rejected} rejected`
    if (rejected) notifyInfo(title, 'The rejected lines and their reasons are in the import report.')
    else notifySuccess(title)
  }

  return (
    <Modal title="Import entities from CSV" onClose={props.onClose} wide>
      <p className="muted">
        Columns: name, outtaskId, companyUuid, facesCompanyId, siteIds, vendorSiteIds, travelConfigIds (lists
        separated by semicolons). Existing Outtask IDs are updated.
      </p>
      <div className="field">
        <label htmlFor="csv-file">CSV file</label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (file) void file.text().then(setCsv)
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="csv-text">…or paste the CSV</label>
        <textarea
          id="csv-text"
          rows={8}
          className="mono"
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
        />
      </div>
      <div className="row">
        <ReasonButton blockedReason={blocker} onClick={() => void run(true)}>
          Check
        </ReasonButton>
        <ReasonButton
          className="primary"
          data-shortcut="submit"
          blockedReason={blocker}
          onClick={() => void run(false)}
        >
          Import
        </ReasonButton>
      </div>
      {problem ? <ProblemBox problem={problem} title="The import did not run" /> : null}
      {report ? (
        <div className="report">
          <p role="status">
            {report.isDryRun ? 'Check only, nothing saved: ' : 'Imported: '}
            {report.report.created} created, {report.report.updated} updated, {report.report.rejected}{' '}
            rejected.
          </p>
          <table>
            <caption className="sr-only">Import report per CSV line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Outtask ID</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reasons</th>
              </tr>
            </thead>
            <tbody>
              {report.report.rows.map((row) => (
                <tr key={row.line} className={row.outcome === 'rejected' ? 'row-error' : undefined}>
                  <td>{row.line}</td>
                  <td className="mono">{row.outtaskId ?? '—'}</td>
                  <td>
                    <span className={`badge ${row.outcome === 'rejected' ? 'bad' : 'ok'}`}>
                      {row.outcome}
                    </span>
                  </td>
                  <td>{row.reasons.join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Modal>
  )
}
