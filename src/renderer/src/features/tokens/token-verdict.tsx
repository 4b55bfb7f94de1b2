/**
 * The window verdict of a request token where staff look at it (Today, the paste screen, the
 * entity's credential panel): will someone be at the desk to exchange it before it expires? A
 * badge (red only when nobody can), one sentence, and, when only a new token helps, the case
 * composer one click away.
 */
import { useState, type ReactNode } from 'react'
import { DEFAULT_INTAKE_WINDOW } from '../../../../shared/intake/intake-defaults'
import { verdictText } from '../../../../shared/intake/verdict-text'
import { windowVerdict, type TokenTiming } from '../../../../shared/intake/window-verdict'
import type { IntakeWindowSettings } from '../../../../shared/model'
import { Modal } from '../../lib/modal'
import { useNowBucket } from '../../lib/now-store'
import { CaseComposerPanel } from '../entities/case-composer-panel'
import { useSettingsStore } from '../settings/settings-store'

/** The intake window in force (the default until settings arrive). */
export function useIntakeWindow(): IntakeWindowSettings {
  return useSettingsStore((s) => s.settings?.intakeWindow ?? DEFAULT_INTAKE_WINDOW)
}

/** A button that opens the case composer for an entity in a dialog, already composed. */
export function ComposeCaseButton(props: { entityId: string; entityName: string }): ReactNode {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Compose case for a new token
      </button>
      {open ? (
        <Modal title={`New request token for ${props.entityName}`} onClose={() => setOpen(false)} wide>
          <CaseComposerPanel entityId={props.entityId} autoCompose />
        </Modal>
      ) : null}
    </>
  )
}

/**
 * The verdict about `token` now. `entityId` enables the case-composer button when a new token is
 * needed; `compact` shows the badge with the sentence as its tooltip (table cells).
 */
export function TokenVerdictLine(props: {
  token: TokenTiming
  entityId?: string
  entityName?: string
  compact?: boolean
}): ReactNode {
  const nowMs = useNowBucket(60_000)
  const window = useIntakeWindow()
  const verdict = windowVerdict(props.token, nowMs, window)
  const text = verdictText(verdict, props.token, nowMs, window.timeZone)
  const compose =
    verdict.needsNewToken && props.entityId ? (
      <ComposeCaseButton entityId={props.entityId} entityName={props.entityName ?? 'this entity'} />
    ) : null
  if (props.compact)
    return (
      <span className="verdict">
        <span className={`badge ${verdict.severity}`} title={text.detail} role="status">
          {text.label}
        </span>
        <span className="sr-only"> {text.detail}</span> {compose}
      </span>
    )
  return (
    <div className={`verdict verdict-${verdict.severity}`} role="status">
      <span className={`badge ${verdict.severity}`}>{text.label}</span> <span>{text.detail}</span> {compose}
    </div>
  )
}
