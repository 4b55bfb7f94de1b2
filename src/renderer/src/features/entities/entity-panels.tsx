/** Panels of the entity detail screen: checklist and credentials (the case composer has its own file). */
import { useState, type ReactNode } from 'react'
import type { EntityView, FacesLinkState, OnboardingStep } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { Countdown } from '../../lib/countdown'
import { BUSINESS_TIME_ZONE, formatBusinessDateTime, formatClock, formatDate } from '../../lib/time-format'
import { InlineProblem, ProblemBox } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { notifyFailure, notifySuccess } from '../notifications/notify'
import { TokenVerdictLine } from '../tokens/token-verdict'
import { useEntitiesStore } from './entities-store'
import { STAGE_LABELS } from './entity-list-model'
import { TOKEN_STATE_WORDS } from './entity-words'

/** Steps a person does outside the desk and ticks off by hand; the others the desk records itself. */
export const MANUAL_STEPS: ReadonlySet<OnboardingStep> = new Set([
  'approval-obtained',
  'case-opened',
  'refresh-token-set-in-faces',
])

/** The onboarding checklist with dates; manual steps are checkboxes. */
export function ChecklistPanel(props: { entity: EntityView }): ReactNode {
  const [problem, setProblem] = useState<Problem | null>(null)
  // The box shows the new state at once (optimistic) and falls back to main's answer.
  const [pending, setPending] = useState<{ step: OnboardingStep; done: boolean } | null>(null)

  async function toggle(step: OnboardingStep, done: boolean): Promise<void> {
    setPending({ step, done })
    setProblem(null)
    const r = await getDeskApi().call('entities:mark-step', { entityId: props.entity.id, step, done })
    setPending(null)
    const label = STAGE_LABELS[step]
    if (r.ok) {
      useEntitiesStore.getState().upsert(r.value)
      notifySuccess(`${label}: ${done ? 'ticked' : 'unticked'} for ${props.entity.name}`, '', {
        entityId: props.entity.id,
      })
    } else {
      setProblem(r.problem)
      notifyFailure(`Could not update “${label}” for ${props.entity.name}`, r.problem, {
        entityId: props.entity.id,
      })
    }
  }

  return (
    <section className="panel" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Onboarding</h2>
      <ol className="checklist">
        {props.entity.checklist.map((item) => {
          const isDone = item.doneAtMs !== null
          const label = STAGE_LABELS[item.step]
          return (
            <li key={item.step} className={isDone ? 'done' : undefined}>
              {MANUAL_STEPS.has(item.step) ? (
                <label>
                  <input
                    type="checkbox"
                    checked={pending?.step === item.step ? pending.done : isDone}
                    disabled={pending !== null && pending.step !== item.step}
                    onChange={(e) => void toggle(item.step, e.target.checked)}
                  />{' '}
                  {label}
                </label>
              ) : (
                <span>
                  <span aria-hidden="true">{isDone ? '✔' : '○'}</span> {label}{' '}
                  <span className="muted">(recorded by the desk)</span>
                </span>
              )}
              <span className="muted">
                {' '}
                {item.doneAtMs !== null ? formatBusinessDateTime(item.doneAtMs) : 'not yet'}
              </span>
            </li>
          )
        })}
      </ol>
      <InlineProblem problem={problem} />
    </section>
  )
}

/** Whether Faces holds the refresh token the desk holds, in words. */
function FacesLinkLine(props: { faces: FacesLinkState }): ReactNode {
  const f = props.faces
  if (f.pendingSinceMs !== null)
    return (
      <div className="badge warn" role="status">
        Faces holds an older refresh token
        {f.facesGeneration === null ? '' : ` (generation ${f.facesGeneration} of ${f.generation})`}: retrying
        since {formatClock(f.pendingSinceMs, BUSINESS_TIME_ZONE)}.
        {f.lastProblem ? <span className="muted"> Last attempt: {f.lastProblem.message}</span> : null}
      </div>
    )
  return (
    <p className="muted">
      Faces holds the current refresh token (generation {f.facesGeneration ?? f.generation}).
    </p>
  )
}

/** What credential the entity holds: never the secret, only where it is and until when. */
export function CredentialPanel(props: { entity: EntityView; onComposeCase?: () => void }): ReactNode {
  const c = props.entity.credential
  const go = useNavStore((s) => s.go)
  let body: ReactNode
  switch (c.state) {
    case 'none':
      body = (
        <>
          <p>No request token yet. Compose the case, then paste the token SAP Concur sends.</p>
          <button type="button" onClick={() => go({ screen: 'tokens' })}>
            Paste tokens
          </button>
        </>
      )
      break
    case 'request-token':
      body = (
        <>
          <p>
            Request token <span className="mono">{c.token.tokenPreview}</span> received{' '}
            {formatBusinessDateTime(c.token.receivedAtMs)}:{' '}
            <strong>{TOKEN_STATE_WORDS[c.token.state]}</strong>.
          </p>
          {c.token.state === 'pending' || c.token.state === 'exchanging' ? (
            <>
              <p>
                Expires {formatBusinessDateTime(c.token.expiresAtMs)} (
                <Countdown targetMs={c.token.expiresAtMs} warnBelowMs={7_200_000} label="in" />
                ).
              </p>
              <TokenVerdictLine token={c.token} entityId={props.entity.id} entityName={props.entity.name} />
            </>
          ) : c.token.state === 'failed' || c.token.state === 'expired' ? (
            <p>
              It cannot be used any more: ask the client for a new company request token (the case composer
              below has the text), then paste it.{' '}
              <button type="button" className="small" onClick={() => go({ screen: 'tokens' })}>
                Paste tokens
              </button>
            </p>
          ) : null}
          {c.token.problem ? <ProblemBox problem={c.token.problem} title="The exchange failed" /> : null}
        </>
      )
      break
    case 'refresh-token':
      body = (
        <>
          <p>
            Refresh token in keychain since {formatBusinessDateTime(c.sinceMs)}
            {c.refreshExpiresAtMs ? `, expires ${formatDate(c.refreshExpiresAtMs)}` : ''}.
          </p>
          <p>
            {c.handedToFacesAtMs
              ? `Handed to the Faces company profile ${formatBusinessDateTime(c.handedToFacesAtMs)}.`
              : 'Not yet handed to Faces.'}
          </p>
          <FacesLinkLine faces={c.faces} />
          {c.isRenewalDue ? (
            <p className="badge warn">Renewal due: ask the client for a new request token within 30 days.</p>
          ) : null}
        </>
      )
      break
    case 'refresh-token-invalid':
      body = (
        <>
          <ProblemBox
            problem={c.problem}
            title={`Credential dead since ${formatBusinessDateTime(c.sinceMs)}: request a new token`}
          />
          <div className="row">
            {props.onComposeCase ? (
              <button type="button" className="primary" onClick={props.onComposeCase}>
                Compose the request-token case
              </button>
            ) : null}
            <button type="button" onClick={() => go({ screen: 'tokens' })}>
              Paste a new request token
            </button>
          </div>
        </>
      )
      break
  }
  return (
    <section className="panel" aria-labelledby="cred-title">
      <h2 id="cred-title">Credentials</h2>
      {body}
    </section>
  )
}
