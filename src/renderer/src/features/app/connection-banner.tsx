/**
 * Says when the page has lost its live link to the desk service, and what to do: nothing while
 * live; "reconnecting" while the transport retries by itself; "signed out" (with the way back)
 * when the service no longer accepts this page's session.
 */
import type { ReactNode } from 'react'
import { useConnectionStore } from '../../api/connection-store'
import { useTeamStore } from '../team/team-store'

/** The banner above the screens. */
export function ConnectionBanner(): ReactNode {
  const state = useConnectionStore((s) => s.state)
  const team = useTeamStore((s) => s.me?.mode === 'team')
  if (state === 'reconnecting')
    return (
      <div className="connection-banner reconnecting" role="status" aria-live="polite">
        <strong>Connection to the desk service lost.</strong> Reconnecting by itself; what changed meanwhile
        shows up as soon as it is back.
      </div>
    )
  if (state === 'signed-out' && team)
    return (
      <div className="connection-banner signed-out" role="alert">
        <strong>This page is signed out of the desk.</strong> Your session ended (signed out elsewhere, idle
        too long, or an admin reset or disabled your account).{' '}
        <button type="button" className="small" onClick={() => window.location.reload()}>
          Sign in again
        </button>
      </div>
    )
  if (state === 'signed-out')
    return (
      <div className="connection-banner signed-out" role="alert">
        <strong>This page is signed out of the desk service.</strong> The service restarted or the session
        ended. Open a new sign-in link (each works once; on the machine the desk runs on:{' '}
        <code>./desk serve --new-link</code>); this page reconnects by itself once you have signed in again.
      </div>
    )
  return null
}
