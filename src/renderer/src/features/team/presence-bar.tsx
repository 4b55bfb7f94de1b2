/**
 * Who is at the desk, under the header: this page's user (with My account and Sign out on a team
 * desk) and everyone else signed in, with what they are doing right now ("Anna is exchanging the
 * token for Acme"), live from the `presence:changed` pushes.
 */
import type { ReactNode } from 'react'
import type { PresenceActivity } from '../../../../shared/team-model'
import { useNowBucket } from '../../lib/now-store'
import { formatRelative } from '../../lib/time-format'
import { useNavStore } from '../app/nav-store'
import { signOut } from './sign-in-gate'
import { useTeamStore } from './team-store'

/** "exchanging the token for Acme" */
export function activityText(a: PresenceActivity): string {
  return a.entityName ? `${a.what} for ${a.entityName}` : a.what
}

/** The presence bar. */
export function PresenceBar(): ReactNode {
  const me = useTeamStore((s) => s.me)
  const users = useTeamStore((s) => s.presence.users)
  const go = useNavStore((s) => s.go)
  const minuteMs = useNowBucket(60_000)
  if (!me) return null
  const others = users.filter((u) => u.name !== me.name)
  return (
    <div className="presence-bar" aria-label="Who is at the desk">
      <span>
        Signed in as <strong>{me.name}</strong> <span className="chip">{me.role}</span>
      </span>
      {me.mode === 'team' ? (
        <>
          <button type="button" className="small" onClick={() => go({ screen: 'account' })}>
            My account
          </button>
          {me.via === 'password' ? (
            <button type="button" className="small" onClick={() => void signOut()}>
              Sign out
            </button>
          ) : null}
        </>
      ) : null}
      {others.length > 0 ? (
        <ul className="presence-users" aria-label="Also here">
          {others.map((u) => (
            <li key={u.name}>
              <strong>{u.name}</strong>
              {u.activities.length > 0 ? (
                ` is ${u.activities.map(activityText).join(', ')}`
              ) : (
                <span className="muted"> · seen {formatRelative(u.lastSeenMs, minuteMs)}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
