/**
 * My account: who I am on this desk, and my personal access tokens for scripts
 * (`Authorization: Bearer fcd_…`): create one (shown once, to copy), see when each was last
 * used, revoke. The desk keeps only a hash of each token.
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { copyText } from '../../lib/clipboard'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, InlineProblem, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useTeamStore } from './team-store'

/** The account screen. */
export function AccountScreen(): ReactNode {
  const me = useTeamStore((s) => s.me)
  const [tokens, reload] = useRequest('account:tokens', {}, 'tokens')
  const [name, setName] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault()
    const r = await getDeskApi().call('account:create-token', { name })
    if (!r.ok) return setProblem(r.problem)
    setProblem(null)
    setCreated(r.value.token)
    setCopied(false)
    setName('')
    reload()
  }

  async function revoke(tokenId: string): Promise<void> {
    const r = await getDeskApi().call('account:revoke-token', { tokenId })
    if (!r.ok) return setProblem(r.problem)
    setProblem(null)
    reload()
  }

  return (
    <section className="screen" aria-labelledby="account-title">
      <div className="screen-head">
        <h1 id="account-title">My account</h1>
      </div>
      {me ? (
        <p>
          Signed in as <strong>{me.name}</strong> (
          {me.role === 'admin'
            ? 'admin: changes settings, secrets and users'
            : 'agent: pastes, exchanges, syncs and edits entities'}
          ).
          {me.mode === 'team' ? ' Ask an admin to reset your password (./desk users reset NAME).' : ''}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="pat-title">
        <h2 id="pat-title">Personal access tokens</h2>
        <p className="muted">
          For scripts that call the desk: send <code>Authorization: Bearer fcd_…</code> with each request. A
          token acts as you, with your role.
        </p>
        {created ? (
          <div className="notice" role="status">
            <p>
              <strong>Copy this token now: it is shown only once.</strong>
            </p>
            <p className="mono">{created}</p>
            <button type="button" onClick={() => void copyText(created).then((ok) => setCopied(ok))}>
              {copied ? 'Copied' : 'Copy token'}
            </button>{' '}
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        ) : null}
        <form className="row" onSubmit={(e) => void create(e)}>
          <label>
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. nightly report script"
              required
            />
          </label>
          <button type="submit">Create token</button>
        </form>
        <InlineProblem problem={problem} />
        {tokens.status === 'failed' ? (
          <ProblemBox problem={tokens.problem} title="Could not load your tokens" onRetry={reload} />
        ) : tokens.status !== 'ready' ? (
          <Loading label="Loading your tokens…" />
        ) : tokens.value.length === 0 ? (
          <Empty>No access tokens.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.value.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.preview}</td>
                  <td>{formatBusinessDateTime(t.createdAtMs)}</td>
                  <td>{t.lastUsedAtMs ? formatBusinessDateTime(t.lastUsedAtMs) : 'never'}</td>
                  <td>
                    <button type="button" className="small" onClick={() => void revoke(t.id)}>
                      Revoke
                    </button>
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
