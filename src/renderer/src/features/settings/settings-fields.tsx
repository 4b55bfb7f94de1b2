/** The settings screen's secret input (stored in the keychain); plain fields are lib/field.tsx. */
import { useState, type ReactNode } from 'react'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { useSettingsStore } from './settings-store'

/** A secret input: stored in the keychain, never shown back. */
export function SecretField(props: {
  name: 'concur-client-secret' | 'faces-api-key'
  label: string
  isStored: boolean
}): ReactNode {
  const [value, setValue] = useState('')
  const [note, setNote] = useState<{ text: string; isError: boolean } | null>(null)
  const id = `secret-${props.name}`
  async function store(): Promise<void> {
    const r = await getDeskApi().call('settings:set-secret', { name: props.name, value })
    setValue('')
    if (r.ok) {
      useSettingsStore.getState().replace(r.value)
      setNote({ text: 'Stored in keychain.', isError: false })
    } else setNote({ text: problemText(r.problem), isError: true })
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="row">
        <input
          id={id}
          type="password"
          autoComplete="off"
          value={value}
          placeholder={props.isStored ? 'Stored in keychain (enter a new value to replace it)' : 'Not set'}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${id}-state`}
        />
        <button type="button" disabled={!value} onClick={() => void store()}>
          Store in keychain
        </button>
      </div>
      <span id={`${id}-state`} className={note?.isError ? 'field-error' : 'muted'} role="status">
        {note?.text ?? (props.isStored ? 'Stored in keychain.' : 'Not stored yet.')}
      </span>
    </div>
  )
}
