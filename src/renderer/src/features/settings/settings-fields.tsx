/** The input widgets of the settings screen: a labelled field, and a secret that goes to the keychain. */
import { useState, type ReactNode } from 'react'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { useSettingsStore } from './settings-store'

/** A labelled text input with its error or hint. */
export function Field(props: {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  hint?: string
  type?: string
  /** Id of a <datalist> of suggestions (time zones). */
  list?: string
}): ReactNode {
  const describedBy = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        {...(props.list ? { list: props.list, autoComplete: 'off' } : {})}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? (
        <span id={`${props.id}-error`} className="field-error">
          {props.error}
        </span>
      ) : props.hint ? (
        <span id={`${props.id}-hint`} className="muted">
          {props.hint}
        </span>
      ) : null}
    </div>
  )
}

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
