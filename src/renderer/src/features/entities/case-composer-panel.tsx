/** The case to SAP Concur asking for a company request token: composed by main, copied from here. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { copyText } from '../../lib/clipboard'
import { ProblemBox } from '../../lib/ui'

/**
 * Composes the SAP Concur case text and copies it. `autoCompose` composes once when the panel opens;
 * each change of `composeRequest` (the "compose the case" button of a dead credential) composes
 * again and scrolls the panel into view.
 */
export function CaseComposerPanel(props: {
  entityId: string
  autoCompose?: boolean
  composeRequest?: number
}): ReactNode {
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'ready'; subject: string; body: string }
    | { status: 'failed'; problem: Problem }
  >({ status: 'idle' })
  const [copied, setCopied] = useState<string | null>(null)

  const compose = useCallback(async (): Promise<void> => {
    setState({ status: 'loading' })
    const r = await getDeskApi().call('entities:compose-case', { entityId: props.entityId })
    setState(r.ok ? { status: 'ready', ...r.value } : { status: 'failed', problem: r.problem })
  }, [props.entityId])

  // Opened from a "new token needed" verdict: the composed case is the point, so compose at once.
  useEffect(() => {
    if (props.autoCompose) void compose()
  }, [props.autoCompose, compose])

  const panelRef = useRef<HTMLElement>(null)
  const request = props.composeRequest ?? 0
  useEffect(() => {
    if (request === 0) return
    panelRef.current?.scrollIntoView?.({ block: 'nearest' })
    void compose()
  }, [request, compose])

  async function copy(what: 'subject' | 'body' | 'all'): Promise<void> {
    if (state.status !== 'ready') return
    const text =
      what === 'subject' ? state.subject : what === 'body' ? state.body : `${state.subject}\n\n${state.body}`
    const isOk = await copyText(text)
    setCopied(
      isOk
        ? `Copied the ${what === 'all' ? 'subject and body' : what}.`
        : 'Copy failed: select the text and press Ctrl+C.',
    )
  }

  return (
    <section className="panel" aria-labelledby="case-title" ref={panelRef}>
      <h2 id="case-title">Case request to SAP Concur</h2>
      {state.status === 'ready' ? (
        <>
          <div className="field">
            <label htmlFor="case-subject">Subject</label>
            <input id="case-subject" readOnly value={state.subject} />
          </div>
          <div className="field">
            <label htmlFor="case-body">Body</label>
            <textarea id="case-body" readOnly rows={8} value={state.body} />
          </div>
          <div className="row">
            <button type="button" onClick={() => void copy('subject')}>
              Copy subject
            </button>
            <button type="button" onClick={() => void copy('body')}>
              Copy body
            </button>
            <button type="button" className="primary" onClick={() => void copy('all')}>
              Copy all
            </button>
            <span role="status" className="muted">
              {copied}
            </span>
          </div>
        </>
      ) : (
        <>
          <p className="muted">
            Prepares the text asking SAP Concur to issue a company request token for this entity.
          </p>
          <button type="button" onClick={() => void compose()} disabled={state.status === 'loading'}>
            {state.status === 'loading' ? 'Composing…' : 'Compose case'}
          </button>
          {state.status === 'failed' ? (
            <ProblemBox problem={state.problem} title="Could not compose the case" />
          ) : null}
        </>
      )}
    </section>
  )
}
