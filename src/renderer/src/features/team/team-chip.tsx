/** The header chip while the app is a team desk's client: where, as whom, or what is wrong. */
import type { ReactNode } from 'react'
import { useNavStore } from '../app/nav-store'
import { useTeamLinkLoaded, useTeamStore } from './team-store'

/** "Connected to desk.umbrella.local as Anna"; nothing when solo or in a browser. */
export function TeamChip(): ReactNode {
  const status = useTeamStore((s) => s.status)
  const go = useNavStore((s) => s.go)
  const electron = useTeamLinkLoaded()
  if (!electron || status?.mode !== 'client') return null
  const host = status.host.replace(/:443$/, '')
  const text =
    status.state === 'connected'
      ? `Connected to ${host}${status.userName ? ` as ${status.userName}` : ''}`
      : status.state === 'signed-out'
        ? `Team desk ${host}: not signed in`
        : status.state === 'reconnecting'
          ? `Team desk ${host}: reconnecting…`
          : `Team desk ${host}: certificate changed`
  return (
    <button
      type="button"
      className={status.state === 'connected' ? 'chip open' : 'chip bad'}
      title={status.message ?? `Team desk ${status.url}`}
      onClick={() => go({ screen: 'settings' })}
    >
      {text}
    </button>
  )
}
