/**
 * What the desk did at start that staff must know (a damaged database it recovered, a settings
 * file it replaced with its last good copy, data it imported): one banner per notice, with the
 * file it is about, until dismissed on this page. The same words are on the desk's console.
 */
import { useState, type ReactNode } from 'react'
import { useAppStore } from './app-store'

/** The notices banner above the screens. */
export function NoticesBanner(): ReactNode {
  const info = useAppStore((s) => s.info)
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  if (info.status !== 'ready') return null
  const shown = (info.value.notices ?? []).filter((n) => !dismissed.has(n.id))
  if (shown.length === 0) return null
  return (
    <div className="notices">
      {shown.map((n) => (
        <div
          key={n.id}
          className={`connection-banner notice-${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <strong>{n.title}.</strong> {n.body}
          <button
            type="button"
            className="link-button"
            onClick={() => setDismissed(new Set([...dismissed, n.id]))}
            aria-label={`Dismiss: ${n.title}`}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}
