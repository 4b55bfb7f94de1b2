/** Today at a glance: the intake timeline and the pending tokens with their countdowns. */
import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TokenView } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import { Countdown } from '../../lib/countdown'
import { problemText } from '../../lib/problem-text'
import { useToastsStore } from '../notifications/toasts-store'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { isPendingToken, useTokensStore } from '../tokens/tokens-store'
import { TokenVerdictLine } from '../tokens/token-verdict'
import { IntakeTimeline } from './intake-timeline'

/** Exchanges or discards a pending token; a failure becomes an error toast. */
async function tokenAction(channel: 'tokens:exchange' | 'tokens:discard', t: TokenView): Promise<void> {
  const r = await getDeskApi().call(channel, { tokenId: t.id })
  if (r.ok) return useTokensStore.getState().upsert(r.value)
  useToastsStore.getState().show({
    key: `${channel}:${t.id}:${Date.now()}`,
    id: `${channel}-${t.id}`,
    level: 'error',
    title: `${channel === 'tokens:exchange' ? 'Exchange' : 'Discarding the token'} for ${t.outtaskId} failed`,
    body: problemText(r.problem),
    entityId: t.entityId,
    atMs: Date.now(),
  })
}

/** The overview screen. */
export function OverviewScreen(): ReactNode {
  const status = useTokensStore((s) => s.status)
  const problem = useTokensStore((s) => s.problem)
  const pending = useTokensStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter(isPendingToken)
        .sort((a, b) => a.expiresAtMs - b.expiresAtMs),
    ),
  )
  const entities = useEntitiesStore((s) => s.byId)
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
          <table>
            <caption className="sr-only">Pending request tokens, soonest expiry first</caption>
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
              {pending.map((t) => (
                <tr key={t.id}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => go({ screen: 'entity', entityId: t.entityId })}
                    >
                      {entities[t.entityId]?.name ?? t.outtaskId}
                    </button>
                  </td>
                  <td className="mono">{t.tokenPreview}</td>
                  <td>{formatBusinessDateTime(t.receivedAtMs)}</td>
                  <td>
                    <Countdown targetMs={t.expiresAtMs} warnBelowMs={7_200_000} label="in" />
                  </td>
                  <td>{t.state}</td>
                  <td>
                    <TokenVerdictLine
                      token={t}
                      entityId={t.entityId}
                      entityName={entities[t.entityId]?.name ?? t.outtaskId}
                      compact
                    />
                  </td>
                  <td>
                    <span className="row">
                      <button
                        type="button"
                        className="small"
                        disabled={t.state !== 'pending'}
                        onClick={() => void tokenAction('tokens:exchange', t)}
                        aria-label={`Exchange now: ${entities[t.entityId]?.name ?? t.outtaskId}`}
                      >
                        Exchange now
                      </button>
                      <button
                        type="button"
                        className="small"
                        disabled={t.state !== 'pending'}
                        onClick={() => void tokenAction('tokens:discard', t)}
                        aria-label={`Discard: ${entities[t.entityId]?.name ?? t.outtaskId}`}
                      >
                        Discard
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  )
}
