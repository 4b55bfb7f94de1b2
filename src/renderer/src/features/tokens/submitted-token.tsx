/**
 * One submitted token, live from the token, entity and run pushes: its status badge, the steps of
 * what happened to it (submit-outcome.ts), the countdown and window verdict only while its
 * lifetime matters, and the next step when it failed (exchange again, or compose the case).
 */
import { useState, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { Countdown } from '../../lib/countdown'
import { useNowBucket } from '../../lib/now-store'
import { InlineProblem } from '../../lib/ui'
import { BUSINESS_TIME_ZONE, formatClock } from '../../lib/time-format'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { runProgress, useRunsStore } from '../sync/runs-store'
import { outcomeSteps } from './submit-outcome'
import { tokenStatus } from './token-status'
import { ComposeCaseButton, TokenVerdictLine } from './token-verdict'
import { useTokensStore } from './tokens-store'

/** Live outcome of one submitted token. */
export function SubmittedToken(props: { tokenId: string; isExchangeLater: boolean }): ReactNode {
  const t = useTokensStore((s) => s.byId[props.tokenId])
  const entity = useEntitiesStore((s) => (t ? s.byId[t.entityId] : undefined))
  const runs = useRunsStore(
    useShallow((s) => Object.values(s.byId).filter((r) => r.entityId === t?.entityId)),
  )
  const nowMs = useNowBucket(1_000)
  const go = useNavStore((s) => s.go)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isExchanging, setIsExchanging] = useState(false)
  if (!t) return null
  const status = tokenStatus(t, nowMs)
  const steps = outcomeSteps({
    token: t,
    entity,
    runs,
    isExchangeLater: props.isExchangeLater,
    nowMs,
    clock: (ms) => formatClock(ms, BUSINESS_TIME_ZONE),
  })
  const name = entity?.name ?? t.outtaskId
  const sync = steps.find((s) => s.id === 'first-sync')
  const run = sync?.state === 'running' ? runs.find((r) => r.state === 'running') : undefined
  const progress = run ? runProgress(run) : null

  async function exchange(): Promise<void> {
    if (!t) return
    setIsExchanging(true)
    setProblem(null)
    const r = await getDeskApi().call('tokens:exchange', { tokenId: t.id })
    setIsExchanging(false)
    if (r.ok) useTokensStore.getState().upsert(r.value)
    else setProblem(r.problem)
  }

  return (
    <li className="submitted" aria-label={`Token for ${name}`}>
      <div className="row spread">
        <span>
          <strong>{name}</strong> <span className="mono">{t.outtaskId}</span>{' '}
          <span className="mono muted">{t.tokenPreview}</span>
        </span>
        <span className={`badge ${status.tone}`} role="status">
          {status.label}
        </span>
      </div>
      <ol className="outcome-steps" aria-label={`What happened to the token for ${name}`}>
        {steps.map((s) => (
          <li key={s.id} className={s.state}>
            <span className="sr-only">{s.state}: </span>
            {s.text}
          </li>
        ))}
      </ol>
      {progress !== null ? <progress max={1} value={progress} aria-label={`First sync of ${name}`} /> : null}
      {status.isCountingDown ? (
        <>
          <Countdown targetMs={t.expiresAtMs} warnBelowMs={7_200_000} label="expires in" />
          <TokenVerdictLine token={t} entityId={t.entityId} entityName={name} />
        </>
      ) : null}
      <div className="row">
        {status.canExchange && t.state !== 'pending' ? (
          <button type="button" className="small" disabled={isExchanging} onClick={() => void exchange()}>
            {isExchanging ? 'Exchanging…' : 'Exchange again'}
          </button>
        ) : null}
        {status.needsNewToken ? <ComposeCaseButton entityId={t.entityId} entityName={name} /> : null}
        <button type="button" className="link" onClick={() => go({ screen: 'entity', entityId: t.entityId })}>
          Open {name}
        </button>
      </div>
      <InlineProblem problem={problem} />
    </li>
  )
}
