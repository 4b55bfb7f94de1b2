/**
 * While a bad-day switch is on, every screen says so at the top: "Sandbox: Concur is down
 * (switched on 10:41) — Turn off", so nobody mistakes a rehearsal for a real outage (or forgets it).
 */
import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { sandboxSwitchInfo } from '../../../../shared/sandbox-switches'
import { BUSINESS_TIME_ZONE, formatClock } from '../../lib/time-format'
import { useNavStore } from '../app/nav-store'
import { activeSwitches, useSandboxStore } from './sandbox-store'
import './sandbox.css'

/** The banner line of one switch that is on (exported for tests). */
export function bannerText(phrase: string, sinceMs: number | null): string {
  return `Sandbox: ${phrase}${sinceMs === null ? '' : ` (switched on ${formatClock(sinceMs, BUSINESS_TIME_ZONE)})`}`
}

/** The banner above the screens; nothing while no switch is on. */
export function SandboxBanner(): ReactNode {
  const on = useSandboxStore(useShallow((s) => activeSwitches(s.status)))
  const busy = useSandboxStore((s) => s.busy)
  const go = useNavStore((s) => s.go)
  if (on.length === 0) return null
  return (
    <div className="sandbox-banner" role="region" aria-label="Sandbox switches that are on">
      {on.map((sw) => {
        const info = sandboxSwitchInfo(sw.id)
        const text = bannerText(info.bannerPhrase(sw.entityName), sw.sinceMs)
        return (
          <p key={sw.id}>
            <strong>{text}</strong> —{' '}
            <button
              type="button"
              className="small"
              disabled={busy === sw.id}
              onClick={() => void useSandboxStore.getState().setSwitch(sw.id, false)}
              aria-label={`Turn off: ${info.title}`}
            >
              {busy === sw.id ? 'Turning off…' : 'Turn off'}
            </button>{' '}
            <button type="button" className="link" onClick={() => go({ screen: 'sandbox' })}>
              Sandbox panel
            </button>
          </p>
        )
      })}
    </div>
  )
}
