/**
 * Settings → Test connection: checks the saved production connection (Concur client id and secret
 * at the token host, Faces URL, user and API key) and shows one specific answer per system.
 */
import { useState, type ReactNode } from 'react'
import type { ConnectionCheck, ConnectionReport } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { ProblemBox } from '../../lib/ui'

const VERDICT_BADGE: Record<ConnectionCheck['verdict'], string> = {
  ok: 'ok',
  'not-configured': 'warn',
  'refused-host': 'bad',
  'wrong-secret': 'bad',
  'unknown-client': 'bad',
  'client-disabled': 'bad',
  unreachable: 'bad',
  tls: 'bad',
  timeout: 'bad',
  unauthorised: 'bad',
  'not-faces': 'bad',
  unexpected: 'bad',
}

function CheckLine(props: { label: string; check: ConnectionCheck }): ReactNode {
  const c = props.check
  return (
    <li>
      <strong>{props.label}</strong>{' '}
      <span className={`badge ${VERDICT_BADGE[c.verdict]}`}>{c.verdict === 'ok' ? 'OK' : c.verdict}</span>{' '}
      {c.message}
      {c.correlationId ? <span className="mono muted"> (correlation id {c.correlationId})</span> : null}
    </li>
  )
}

/** The Test connection button and its results. */
export function ConnectionTestPanel(): ReactNode {
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'running' }
    | { status: 'done'; report: ConnectionReport }
    | { status: 'failed'; problem: Problem }
  >({ status: 'idle' })

  async function run(): Promise<void> {
    setState({ status: 'running' })
    const r = await getDeskApi().call('settings:test-connection', {})
    setState(r.ok ? { status: 'done', report: r.value } : { status: 'failed', problem: r.problem })
  }

  return (
    <div className="field" aria-live="polite">
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={state.status === 'running'}>
          {state.status === 'running' ? 'Testing…' : 'Test connection'}
        </button>
        <span className="muted">Tests the saved settings: save your changes first.</span>
      </div>
      {state.status === 'done' ? (
        <ul className="connection-results" aria-label="Connection test results">
          <CheckLine label="Concur" check={state.report.concur} />
          <CheckLine label="Faces" check={state.report.faces} />
        </ul>
      ) : state.status === 'failed' ? (
        <ProblemBox problem={state.problem} title="The connection test could not run" />
      ) : null}
    </div>
  )
}
