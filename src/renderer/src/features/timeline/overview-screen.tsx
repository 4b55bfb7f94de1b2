/**
 * Today at a glance: the intake timeline, the tokens to exchange with their countdowns and window
 * verdicts (pending ones, "exchange later" ones, and exchanges that failed but can be tried
 * again), and, apart, the tokens that need a person: rejected by Concur (no countdown: only a new
 * token helps), to paste again, or exchanged but not yet taken by Faces.
 */
import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TokenView } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import { Countdown } from '../../lib/countdown'
import { useNowBucket, useNowStore } from '../../lib/now-store'
import { problemText } from '../../lib/problem-text'
import { ReasonButton } from '../../lib/reason-button'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { notifyFailure, notifyInfo, notifySuccess } from '../notifications/notify'
import { tokensNeedingAttention, tokenStatus } from '../tokens/token-status'
import { ComposeCaseButton, TokenVerdictLine } from '../tokens/token-verdict'
import { isPendingToken, useTokensStore } from '../tokens/tokens-store'
import { IntakeTimeline } from './intake-timeline'
import './today.css'

/**
 * Exchanges or discards a token and says how it went in a toast (the row leaves the table or changes
 * its badge, so the toast is the only place that says what happened): an exchange that ended in a
 * failure is a failure, with Concur's reason, never "exchanged".
 */
async function tokenAction(
  channel: 'tokens:exchange' | 'tokens:discard',
  t: TokenView,
  name: string,
): Promise<void> {
  const target = { entityId: t.entityId }
  const r = await getDeskApi().call(channel, { tokenId: t.id })
  if (!r.ok) {
    const what = channel === 'tokens:exchange' ? 'The exchange' : 'Discarding the token'
    return void notifyFailure(`${what} for ${name} did not work`, r.problem, target)
  }
  useTokensStore.getState().upsert(r.value)
  if (channel === 'tokens:discard')
    return void notifySuccess(`Token for ${name} discarded`, 'Paste it again to take it back in.', target)
  const status = tokenStatus(r.value, useNowStore.getState().nowMs)
  if (status.kind === 'exchanged') return void notifySuccess(`${name}: ${status.label}`, '', target)
  // Still under way, or exchanged but not yet taken by Faces: news, not a success.
  if (status.kind === 'hand-off-waiting' || status.kind === 'exchanging')
    return void notifyInfo(`${name}: ${status.label}`, status.nextStep ?? '', target)
  notifyFailure(
    `The exchange for ${name} did not work`,
    r.value.problem ?? { kind: 'remote-failed', message: status.nextStep ?? status.label },
    target,
  )
}

/** Why "Exchange now" cannot be used on a token; null when it can. */
function exchangeBlocker(t: TokenView): string | null {
  return t.state === 'exchanging' ? 'It is being exchanged right now.' : null
}

/** Why "Discard" cannot be used on a token; null when it can. */
function discardBlocker(t: TokenView): string | null {
  return t.state === 'exchanging' ? 'Wait for the exchange under way to finish.' : null
}

function EntityLink(props: { token: TokenView; name: string }): ReactNode {
  const go = useNavStore((s) => s.go)
  return (
    <button
      type="button"
      className="link"
      onClick={() => go({ screen: 'entity', entityId: props.token.entityId })}
    >
      {props.name}
    </button>
  )
}

/** The tokens whose lifetime matters, soonest expiry first. */
function PendingTable(props: { tokens: TokenView[] }): ReactNode {
  const entities = useEntitiesStore((s) => s.byId)
  const nowMs = useNowBucket(60_000)
  return (
    <table>
      <caption className="sr-only">Request tokens to exchange, soonest expiry first</caption>
      <thead>
        <tr>
          <th scope="col">Entity</th>
          <th scope="col">Token</th>
          <th scope="col">Received</th>
          <th scope="col">Expires</th>
          <th scope="col">State</th>
          <th scope="col">In time?</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((t) => {
          const name = entities[t.entityId]?.name ?? t.outtaskId
          const status = tokenStatus(t, nowMs)
          return (
            <tr key={t.id}>
              <td>
                <EntityLink token={t} name={name} />
              </td>
              <td className="mono">{t.tokenPreview}</td>
              <td>{formatBusinessDateTime(t.receivedAtMs)}</td>
              <td>
                <Countdown targetMs={t.expiresAtMs} warnBelowMs={7_200_000} label="in" />
              </td>
              <td>
                <span className={`badge ${status.tone}`} title={status.nextStep ?? undefined}>
                  {status.label}
                </span>
                {status.kind === 'retryable' && t.problem ? (
                  <span className="sr-only"> {problemText(t.problem)}</span>
                ) : null}
              </td>
              <td>
                <TokenVerdictLine token={t} entityId={t.entityId} entityName={name} compact />
              </td>
              <td>
                <span className="row">
                  <ReasonButton
                    className="small"
                    blockedReason={exchangeBlocker(t)}
                    onClick={() => void tokenAction('tokens:exchange', t, name)}
                    aria-label={`${status.kind === 'retryable' ? 'Exchange again' : 'Exchange now'}: ${name}`}
                  >
                    {status.kind === 'retryable' ? 'Exchange again' : 'Exchange now'}
                  </ReasonButton>
                  <ReasonButton
                    className="small"
                    blockedReason={discardBlocker(t)}
                    onClick={() => void tokenAction('tokens:discard', t, name)}
                    aria-label={`Discard: ${name}`}
                  >
                    Discard
                  </ReasonButton>
                </span>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Tokens that need a person, each with what to do. */
function AttentionList(props: { tokens: TokenView[] }): ReactNode {
  const entities = useEntitiesStore((s) => s.byId)
  const nowMs = useNowBucket(60_000)
  return (
    <ul className="preview-list attention-list">
      {props.tokens.map((t) => {
        const name = entities[t.entityId]?.name ?? t.outtaskId
        const status = tokenStatus(t, nowMs)
        return (
          <li key={t.id} aria-label={`${status.label}: ${name}`}>
            <div className="row spread">
              <span>
                <EntityLink token={t} name={name} /> <span className="mono muted">{t.tokenPreview}</span>{' '}
                <span className="muted">received {formatBusinessDateTime(t.receivedAtMs)}</span>
              </span>
              <span className={`badge ${status.tone}`}>{status.label}</span>
            </div>
            {status.nextStep ? <p>{status.nextStep}</p> : null}
            <span className="row">
              {status.needsNewToken ? <ComposeCaseButton entityId={t.entityId} entityName={name} /> : null}
              {status.kind === 'hand-off-waiting' ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => void tokenAction('tokens:exchange', t, name)}
                >
                  Hand to Faces now
                </button>
              ) : null}
              {status.kind !== 'hand-off-waiting' ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => void tokenAction('tokens:discard', t, name)}
                  aria-label={`Discard: ${name}`}
                >
                  Discard
                </button>
              ) : null}
            </span>
          </li>
        )
      })}
    </ul>
  )
}

/** The overview screen. */
export function OverviewScreen(): ReactNode {
  const status = useTokensStore((s) => s.status)
  const problem = useTokensStore((s) => s.problem)
  const nowMs = useNowBucket(60_000)
  const pending = useTokensStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter(isPendingToken)
        .sort((a, b) => a.expiresAtMs - b.expiresAtMs),
    ),
  )
  const attention = useTokensStore(
    useShallow((s) =>
      tokensNeedingAttention(Object.values(s.byId), nowMs).sort((a, b) => b.receivedAtMs - a.receivedAtMs),
    ),
  )
  const go = useNavStore((s) => s.go)

  return (
    <section className="screen" aria-labelledby="overview-title">
      <div className="screen-head">
        <h1 id="overview-title">Today</h1>
        <button type="button" className="primary" onClick={() => go({ screen: 'tokens' })}>
          Paste tokens
        </button>
      </div>
      <IntakeTimeline />
      <section className="panel wide" aria-labelledby="pending-title">
        <h2 id="pending-title">Pending request tokens</h2>
        {status === 'failed' && problem ? (
          <ProblemBox
            problem={problem}
            title="Could not load the tokens"
            onRetry={() => void useTokensStore.getState().load()}
          />
        ) : status !== 'ready' ? (
          <Loading label="Loading tokens…" />
        ) : pending.length === 0 ? (
          <Empty>No request token is waiting. Paste new tokens when the client sends them.</Empty>
        ) : (
          <PendingTable tokens={pending} />
        )}
      </section>
      {status === 'ready' && attention.length > 0 ? (
        <section className="panel wide" aria-labelledby="attention-title">
          <h2 id="attention-title">Tokens that need a person</h2>
          <AttentionList tokens={attention} />
        </section>
      ) : null}
    </section>
  )
}
