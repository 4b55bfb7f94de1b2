/**
 * The Users screen's two dialogs: the confirmation of an action, and the one-time password shown
 * once (copyable). The password lives only in this dialog's props: closing it forgets it.
 */
import { useState, type ReactNode } from 'react'
import { copyText } from '../../lib/clipboard'
import { Modal } from '../../lib/modal'
import type { UserAction } from './user-actions'

/** Asks before an action; `onConfirm` runs it. */
export function ConfirmUserAction(props: {
  action: UserAction
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}): ReactNode {
  return (
    <Modal title={props.action.confirmTitle} onClose={props.onCancel}>
      <p>{props.action.confirmText}</p>
      <div className="row">
        <button type="button" className="primary" disabled={props.busy} onClick={props.onConfirm}>
          {props.action.label}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}

/** Shows a one-time password once. */
export function OneTimePasswordDialog(props: {
  name: string
  password: string
  why: 'added' | 'reset'
  onClose: () => void
}): ReactNode {
  const [copied, setCopied] = useState<boolean | null>(null)
  return (
    <Modal
      title={props.why === 'added' ? `${props.name} added` : `${props.name}'s password reset`}
      onClose={props.onClose}
    >
      <p>
        <strong>Copy this one-time password now: it is shown only once</strong> and the desk keeps only its
        hash. Give it to {props.name} in person or by a private channel; they choose their own password at
        their next sign-in.
      </p>
      <p className="mono one-time-password" aria-label="One-time password">
        {props.password}
      </p>
      <div className="row">
        <button type="button" onClick={() => void copyText(props.password).then(setCopied)}>
          {copied ? 'Copied' : 'Copy password'}
        </button>
        <button type="button" className="primary" onClick={props.onClose}>
          Done
        </button>
      </div>
      {copied === false ? (
        <p className="inline-error" role="alert">
          The browser did not allow copying: select the password and copy it by hand.
        </p>
      ) : null}
    </Modal>
  )
}
