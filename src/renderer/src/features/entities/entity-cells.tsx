/**
 * Small cells of an entity row. The live ones (countdowns, relative times) subscribe to the shared
 * clock themselves, so a tick re-renders a few text nodes rather than the row or the table.
 */
import type { ReactNode } from 'react'
import type { CredentialView, PollSummary } from '../../../../shared/model'
import { Countdown, Relative } from '../../lib/countdown'
import { runCountsText } from '../../../../shared/run-counts'
import { formatDate } from '../../lib/time-format'
import { isRetryableFailure } from '../tokens/token-status'

const TWO_HOURS_MS = 2 * 3_600_000

/** Credential state: a live countdown for a request token, the refresh token's expiry otherwise. */
export function CredentialCell(props: { credential: CredentialView }): ReactNode {
  const c = props.credential
  switch (c.state) {
    case 'none':
      return <span className="muted">No token yet</span>
    case 'request-token':
      if (c.token.state === 'failed')
        // A token Concur rejected never counts down; a failure the same token can get past does.
        return isRetryableFailure(c.token) ? (
          <span>
            <span className="badge warn">Exchange failed: try again</span>{' '}
            <Countdown targetMs={c.token.expiresAtMs} warnBelowMs={TWO_HOURS_MS} label="expires in" />
          </span>
        ) : (
          <span className="badge bad">Rejected: new token needed</span>
        )
      if (c.token.state === 'exchanging') return <span className="badge info">Exchanging…</span>
      return (
        <span>
          <span className="badge info">Request token</span>{' '}
          <Countdown targetMs={c.token.expiresAtMs} warnBelowMs={TWO_HOURS_MS} label="expires in" />
        </span>
      )
    case 'refresh-token':
      return (
        <span>
          <span className={c.isRenewalDue ? 'badge warn' : 'badge ok'}>
            {c.isRenewalDue ? 'Renewal due' : 'Connected'}
          </span>{' '}
          {c.refreshExpiresAtMs ? (
            <span className="muted">until {formatDate(c.refreshExpiresAtMs)}</span>
          ) : null}
        </span>
      )
    case 'refresh-token-invalid':
      return <span className="badge bad">Token invalid: paste a new one</span>
  }
}

const OUTCOME_WORDS: Record<PollSummary['outcome'], { text: string; badge: string }> = {
  success: { text: 'Succeeded', badge: 'ok' },
  partial: { text: 'Partly', badge: 'warn' },
  failed: { text: 'Failed', badge: 'bad' },
  cancelled: { text: 'Cancelled', badge: 'muted' },
}

/** Last poll: when, outcome, labelled counts (the full counts as the tooltip; never a bare ratio). */
export function LastPollCell(props: { poll: PollSummary | null }): ReactNode {
  const p = props.poll
  if (!p) return <span className="muted">Never polled</span>
  const c = p.counts
  const full = c ? runCountsText(c) : `${p.changed} read, ${p.failed} failed`
  const written = c ? c.written : p.applied
  return (
    <span>
      <span className={`badge ${OUTCOME_WORDS[p.outcome].badge}`}>{OUTCOME_WORDS[p.outcome].text}</span>{' '}
      <Relative ms={p.atMs} />{' '}
      <span className="muted" title={full}>
        {c ? `${written} written, ${c.read} read` : `${p.changed} read`}
        {p.failed ? `, ${p.failed} failed` : ''}
      </span>
    </span>
  )
}

/** Next poll: a countdown, or why there is none. */
export function NextPollCell(props: { active: boolean; nextPollAtMs: number | null }): ReactNode {
  if (!props.active) return <span className="muted">Polling off</span>
  if (props.nextPollAtMs === null) return <span className="muted">Not scheduled</span>
  return <Countdown targetMs={props.nextPollAtMs} label="in" />
}
