/**
 * The team desk's sign-in page: user name and password; after a one-time password (from
 * `./desk users add` or `reset`) the user chooses their own. The same answer for an unknown name
 * and a wrong password; a rate limit says how long to wait. Success reloads into the desk.
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import { Field } from '../../lib/field'

type Answer = { ok: boolean; problem?: { message: string }; newPasswordNeeded?: boolean }

/** The sign-in page. */
export function SignInScreen(): ReactNode {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [choosing, setChoosing] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (choosing && newPassword !== confirm) {
      setMessage('The two new passwords differ: type the same one twice.')
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      const r = await fetch('/auth/sign-in', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password, ...(choosing ? { newPassword } : {}) }),
      })
      const answer = (await r.json().catch(() => ({ ok: false }))) as Answer
      if (answer.ok) {
        window.location.reload()
        return
      }
      if (answer.newPasswordNeeded) setChoosing(true)
      setMessage(answer.problem?.message ?? `The desk answered ${r.status}. Try again.`)
    } catch {
      setMessage('The desk service is not reachable. Check that it runs, then try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in" id="main">
      <form className="panel sign-in-form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Faces Concur Desk</h1>
        <Field
          id="sign-in-name"
          label="User name"
          autoComplete="username"
          value={name}
          onChange={setName}
          required
          autoFocus
        />
        <Field
          id="sign-in-password"
          label={choosing ? 'One-time password' : 'Password'}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          required
        />
        {choosing ? (
          <>
            <Field
              id="sign-in-new-password"
              label="New password (at least 12 characters)"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={setNewPassword}
              required
            />
            <Field
              id="sign-in-confirm"
              label="New password again"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={setConfirm}
              required
            />
          </>
        ) : null}
        {message ? (
          <p className="problem" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : choosing ? 'Set password and sign in' : 'Sign in'}
        </button>
        <p className="muted">
          No account? An admin adds you on the desk's machine: ./desk users add NAME --role agent
        </p>
      </form>
    </main>
  )
}
