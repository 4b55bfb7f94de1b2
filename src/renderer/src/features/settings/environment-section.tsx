/** Settings → Environment: Sandbox or production, and where this desk keeps secrets. */
import type { ReactNode } from 'react'
import { useAppStore } from '../app/app-store'
import { keychainSentence, type DraftSectionProps } from './settings-draft'

/** The environment radios and the keychain sentence (once the desk's info has loaded). */
export function EnvironmentSection({ draft, set }: Pick<DraftSectionProps, 'draft' | 'set'>): ReactNode {
  const info = useAppStore((s) => s.info)
  return (
    <fieldset>
      <legend>Environment</legend>
      <label>
        <input
          type="radio"
          name="env"
          checked={draft.environment === 'sandbox'}
          onChange={() => set({ environment: 'sandbox' })}
        />{' '}
        Sandbox (simulated Concur and Faces with demo entities)
      </label>
      <label>
        <input
          type="radio"
          name="env"
          checked={draft.environment === 'production'}
          onChange={() => set({ environment: 'production' })}
        />{' '}
        Production
      </label>
      {info.status === 'ready' ? <p className="muted">{keychainSentence(info.value)}</p> : null}
    </fieldset>
  )
}
