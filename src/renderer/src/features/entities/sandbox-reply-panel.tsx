/**
 * Sandbox only: plays SAP Concur's side of the case by asking the simulator for the reply with a
 * demo request token, so the whole onboarding can be practised (and tested) end to end.
 */
import { useState, type ReactNode } from 'react'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { ProblemBox } from '../../lib/ui'
import { useAppStore } from '../app/app-store'
import { ReplyToPaste } from '../sandbox/reply-to-paste'

/** "Simulate SAP's reply" for an entity; renders nothing outside the Sandbox. */
export function SandboxReplyPanel(props: { entityId: string }): ReactNode {
  const isSandbox = useAppStore((s) => s.info.status === 'ready' && s.info.value.environment === 'sandbox')
  const [state, setState] = useState<
    | { status: 'idle' | 'loading' }
    | { status: 'ready'; caseText: string }
    | { status: 'failed'; problem: Problem }
  >({ status: 'idle' })
  if (!isSandbox) return null

  async function issue(): Promise<void> {
    setState({ status: 'loading' })
    const r = await getDeskApi().call('sandbox:issue-token', { entityId: props.entityId })
    setState(
      r.ok ? { status: 'ready', caseText: r.value.caseText } : { status: 'failed', problem: r.problem },
    )
  }

  return (
    <section className="panel" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Sandbox: SAP's reply</h2>
      <p className="muted">
        In the Sandbox, the simulated SAP Concur answers the case with a demo request token.
      </p>
      <button type="button" onClick={() => void issue()} disabled={state.status === 'loading'}>
        {state.status === 'loading' ? 'Asking the simulator…' : "Simulate SAP's reply"}
      </button>
      {state.status === 'failed' ? (
        <ProblemBox problem={state.problem} title="The simulator did not answer" />
      ) : null}
      {state.status === 'ready' ? (
        <ReplyToPaste
          id="sandbox-reply"
          label="Reply from SAP Concur (simulated)"
          caseText={state.caseText}
        />
      ) : null}
    </section>
  )
}
