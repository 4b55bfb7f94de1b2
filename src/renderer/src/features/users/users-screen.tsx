/**
 * Settings → Users & audit (admins; agents never see it and the desk answers them 403): every
 * user with role, state, last sign-in and whether they are signed in now; add a user (a one-time
 * password shown once), disable, enable, reset, change the role, each after a confirmation; and
 * the audit trail's retention. The rules are the desk's (the same as ./desk users).
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import { USER_ROLES, type UserRole } from '../../../../shared/team-model'
import type { Problem } from '../../../../shared/result'
import type { UserView } from '../../../../shared/users-contract'
import { getDeskApi } from '../../api/desk-api-client'
import { ReasonButton } from '../../lib/reason-button'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, InlineProblem, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { notifySuccess } from '../notifications/notify'
import { useTeamStore } from '../team/team-store'
import { AuditRetentionSection } from './audit-retention-section'
import { userActions, userState, type UserAction } from './user-actions'
import { ConfirmUserAction, OneTimePasswordDialog } from './user-dialogs'

type Pending = { user: UserView; action: UserAction }
type Shown = { name: string; password: string; why: 'added' | 'reset' }

/** The Users screen. */
export function UsersScreen(): ReactNode {
  const meId = useTeamStore((s) => s.me?.id ?? null)
  const [users, reload] = useRequest('users:list', {}, 'users')
  const [pending, setPending] = useState<Pending | null>(null)
  const [shown, setShown] = useState<Shown | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)

  async function run(p: Pending): Promise<void> {
    setBusy(true)
    const api = getDeskApi()
    const name = p.user.name
    const result =
      p.action.id === 'reset'
        ? await api.call('users:reset', { name })
        : p.action.id === 'disable'
          ? await api.call('users:disable', { name })
          : p.action.id === 'enable'
            ? await api.call('users:enable', { name })
            : await api.call('users:set-role', {
                name,
                role: p.action.id === 'make-admin' ? 'admin' : 'agent',
              })
    setBusy(false)
    setPending(null)
    if (!result.ok) return setProblem(result.problem)
    setProblem(null)
    if (p.action.id === 'reset' && 'oneTimePassword' in result.value)
      setShown({ name, password: result.value.oneTimePassword, why: 'reset' })
    else notifySuccess(`${p.action.label}: ${name}`, p.action.confirmText)
    reload()
  }

  return (
    <section className="screen" aria-labelledby="users-title">
      <div className="screen-head">
        <h1 id="users-title">Users</h1>
      </div>
      <p className="muted">
        Admins change settings, secrets and users; agents paste, exchange, sync and edit entities. On the desk
        machine <code>./desk users …</code> does the same.
      </p>
      <AddUserForm
        onAdded={(name, password) => {
          setShown({ name, password, why: 'added' })
          reload()
        }}
      />
      <InlineProblem problem={problem} />
      {users.status === 'failed' ? (
        <ProblemBox problem={users.problem} title="Could not load the users" onRetry={reload} />
      ) : users.status !== 'ready' ? (
        <Loading label="Loading users…" />
      ) : users.value.length === 0 ? (
        <Empty>No named users: this is a solo desk. Add the first admin on the desk machine.</Empty>
      ) : (
        <UsersTable
          users={users.value}
          meId={meId}
          onAction={(user, action) => setPending({ user, action })}
        />
      )}
      <AuditRetentionSection />
      {pending ? (
        <ConfirmUserAction
          action={pending.action}
          busy={busy}
          onConfirm={() => void run(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {shown ? <OneTimePasswordDialog {...shown} onClose={() => setShown(null)} /> : null}
    </section>
  )
}

function UsersTable(props: {
  users: UserView[]
  meId: string | null
  onAction: (user: UserView, action: UserAction) => void
}): ReactNode {
  return (
    <table className="users-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">State</th>
          <th scope="col">Last sign-in</th>
          <th scope="col">Signed in now</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => (
          <tr key={u.id} data-user={u.name}>
            <td>
              {u.name}
              {u.id === props.meId ? <span className="muted"> (you)</span> : null}
            </td>
            <td>{u.role}</td>
            <td>{userState(u)}</td>
            <td>{u.lastSignInAtMs ? formatBusinessDateTime(u.lastSignInAtMs) : 'never'}</td>
            <td>{u.signedInNow ? 'yes' : 'no'}</td>
            <td className="row">
              {userActions(u, props.meId, props.users).map((a) => (
                <ReasonButton
                  key={a.id}
                  className="small"
                  blockedReason={a.blockedBecause}
                  onClick={() => props.onAction(u, a)}
                >
                  {a.label}
                </ReasonButton>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AddUserForm(props: { onAdded: (name: string, password: string) => void }): ReactNode {
  const [name, setName] = useState('')
  const [role, setRole] = useState<UserRole>('agent')
  const [problem, setProblem] = useState<Problem | null>(null)

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault()
    const r = await getDeskApi().call('users:add', { name, role })
    if (!r.ok) return setProblem(r.problem)
    setProblem(null)
    setName('')
    props.onAdded(r.value.user.name, r.value.oneTimePassword)
  }

  return (
    <form className="row" aria-label="Add a user" onSubmit={(e) => void add(e)}>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. anna.meier"
          required
        />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
          {USER_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Add user</button>
      <InlineProblem problem={problem} />
    </form>
  )
}
