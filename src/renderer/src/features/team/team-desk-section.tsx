/**
 * Settings → Team desk (the desktop app only): the desk's address and how to sign in; on first
 * connect (or when its certificate changed) the certificate to confirm; once connected, who we
 * are there and Disconnect, back to this computer's own desk.
 */
import { useState, type ReactNode } from 'react'
import type { RequestInput } from '../../../../shared/contract'
import { Field } from '../../lib/field'
import { useNowStore } from '../../lib/now-store'
import { InlineProblem } from '../../lib/ui'
import { CertificateCard } from './certificate-card'
import { useTeamLinkLoaded, useTeamStore } from './team-store'

type Method = RequestInput<'team:connect'>['signIn']['method']

const hostOf = (url: string): string => (URL.canParse(url) ? new URL(url).host : url)

/** The problem's field when the desk wants a new password (main's TeamSignInError). */
const NEW_PASSWORD_FIELD = 'signIn.newPassword'

function SignInForm(props: { defaultUrl: string }): ReactNode {
  const busy = useTeamStore((s) => s.busy)
  // A one-time password was used (or the new one broke a rule): ask for the user's own one.
  const wantsNewPassword = useTeamStore((s) => Boolean(s.problem?.fields?.[NEW_PASSWORD_FIELD]))
  const [url, setUrl] = useState(props.defaultUrl)
  const [method, setMethod] = useState<Method>('password')
  const [name, setName] = useState('')
  const [secret, setSecret] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const signIn = (): RequestInput<'team:connect'>['signIn'] =>
    method === 'link'
      ? { method, link: secret.trim() }
      : method === 'token'
        ? { method, token: secret.trim() }
        : {
            method,
            name: name.trim(),
            password: secret,
            ...(wantsNewPassword && newPassword ? { newPassword } : {}),
          }
  // A pasted sign-in link names its desk: take the address from it.
  const origin = method === 'link' && URL.canParse(secret.trim()) ? new URL(secret.trim()).origin : url.trim()
  return (
    <form
      className="form team-sign-in"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void useTeamStore.getState().connect({ url: origin, signIn: signIn() })
      }}
    >
      {method !== 'link' ? (
        <Field
          id="team-desk-url"
          label="Team desk address"
          type="url"
          value={url}
          placeholder="https://desk.umbrella.local:8443"
          onChange={setUrl}
        />
      ) : null}
      <div role="radiogroup" aria-label="Sign in with">
        {(
          [
            ['password', 'User name and password'],
            ['token', 'Personal access token'],
            ['link', 'Sign-in link (a desk without named users)'],
          ] as const
        ).map(([m, label]) => (
          <label key={m}>
            <input type="radio" name="team-method" checked={method === m} onChange={() => setMethod(m)} />{' '}
            {label}
          </label>
        ))}
      </div>
      {method === 'password' ? (
        <Field
          id="team-desk-name"
          label="User name"
          value={name}
          autoComplete="username"
          onChange={setName}
        />
      ) : null}
      <Field
        id="team-desk-secret"
        label={method === 'password' ? 'Password' : method === 'token' ? 'Access token' : 'Sign-in link'}
        type={method === 'link' ? 'url' : 'password'}
        value={secret}
        autoComplete={method === 'password' ? 'current-password' : 'off'}
        onChange={setSecret}
      />
      {method === 'password' && wantsNewPassword ? (
        <Field
          id="team-desk-new-password"
          label="New password (at least 12 characters)"
          type="password"
          value={newPassword}
          autoComplete="new-password"
          onChange={setNewPassword}
        />
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
    </form>
  )
}

function Confirm(): ReactNode {
  const c = useTeamStore((s) => s.confirming)
  const busy = useTeamStore((s) => s.busy)
  const nowMs = useNowStore((s) => s.nowMs)
  if (!c) return null
  const changed = c.pinned !== null
  return (
    <div className={changed ? 'team-confirm changed' : 'team-confirm'} role="alert">
      {changed ? (
        <p>
          <strong>The certificate of {hostOf(c.url)} has changed.</strong> Only continue if the desk&apos;s
          administrator replaced it: compare the new fingerprint with the one they give you. Otherwise someone
          may be between you and the desk.
        </p>
      ) : (
        <p>
          First connection to <strong>{hostOf(c.url)}</strong>. Compare this fingerprint with the one the
          desk&apos;s administrator gives you (the desk prints it at start); the app then trusts only this
          certificate.
        </p>
      )}
      <CertificateCard certificate={c.certificate} nowMs={nowMs} label="Certificate presented now" />
      {c.pinned ? (
        <CertificateCard certificate={c.pinned} nowMs={nowMs} label="Certificate pinned before" />
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void useTeamStore.getState().confirm()}
        >
          {changed ? 'Re-pin and connect' : 'Trust this certificate and connect'}
        </button>
        <button type="button" disabled={busy} onClick={() => useTeamStore.getState().cancel()}>
          Cancel
        </button>
      </div>
    </div>
  )
}

/** The Team desk section above the settings; nothing in a browser (a page is always served by its desk). */
export function TeamDeskSection(): ReactNode {
  const status = useTeamStore((s) => s.status)
  const problem = useTeamStore((s) => s.problem)
  const confirming = useTeamStore((s) => s.confirming)
  const busy = useTeamStore((s) => s.busy)
  const electron = useTeamLinkLoaded()
  if (!electron) return null
  const client = status?.mode === 'client' ? status : null
  return (
    <section className="screen team-desk" aria-labelledby="team-desk-title">
      <h2 id="team-desk-title">Team desk</h2>
      {client?.state === 'connected' ? (
        <p role="status">
          Connected to <strong>{client.host}</strong>
          {client.userName ? ` as ${client.userName}` : ''}. This app runs no scheduler and keeps no Concur
          secrets: the team desk does.
        </p>
      ) : client ? (
        <p role="status" className="inline-error">
          {client.message}
        </p>
      ) : (
        <p className="muted">
          This computer runs its own desk. To share one desk with the team, connect to the team desk (an
          always-on desk in service mode with --listen and a TLS certificate).
        </p>
      )}
      <InlineProblem problem={problem} />
      {confirming ? (
        <Confirm />
      ) : client?.state === 'connected' ? null : (
        <SignInForm key={client?.url ?? ''} defaultUrl={client?.url ?? ''} />
      )}
      {client ? (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void useTeamStore.getState().disconnect()}>
            Disconnect (work on this computer alone)
          </button>
        </div>
      ) : null}
    </section>
  )
}
