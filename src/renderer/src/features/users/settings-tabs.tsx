/**
 * The tabs above Settings on a team desk: the desk's settings, and Users & audit. Only admins
 * reach Settings at all; on a solo desk (no named users) there is no second tab.
 */
import type { ReactNode } from 'react'
import { useNavStore } from '../app/nav-store'
import { useTeamStore } from '../team/team-store'

/** The tab bar; nothing on a solo desk. */
export function SettingsTabs(props: { current: 'settings' | 'users' }): ReactNode {
  const team = useTeamStore((s) => s.me?.mode === 'team' && s.me.role === 'admin')
  const go = useNavStore((s) => s.go)
  if (!team) return null
  const tab = (screen: 'settings' | 'users', label: string): ReactNode => (
    <button
      type="button"
      role="tab"
      aria-selected={props.current === screen}
      className={props.current === screen ? 'tab current' : 'tab'}
      onClick={() => go({ screen })}
    >
      {label}
    </button>
  )
  return (
    <div className="settings-tabs row" role="tablist" aria-label="Settings">
      {tab('settings', 'Desk settings')}
      {tab('users', 'Users & audit')}
    </div>
  )
}
