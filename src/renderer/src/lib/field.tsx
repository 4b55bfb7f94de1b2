/** A labelled text input with its error or hint: the one field block of settings and sign-in forms. */
import type { ReactNode } from 'react'

/** Props of a Field. */
export type FieldProps = {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  hint?: string
  type?: string
  /** Id of a <datalist> of suggestions (time zones). */
  list?: string
  autoComplete?: string
  placeholder?: string
  required?: boolean
  autoFocus?: boolean
}

/** A labelled text input with its error or hint. */
export function Field(props: FieldProps): ReactNode {
  const describedBy = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        {...(props.list ? { list: props.list, autoComplete: 'off' } : {})}
        {...(props.autoComplete ? { autoComplete: props.autoComplete } : {})}
        placeholder={props.placeholder}
        required={props.required}
        autoFocus={props.autoFocus}
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
