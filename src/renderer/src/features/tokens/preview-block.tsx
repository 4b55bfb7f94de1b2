/**
 * One parsed block in the paste preview: each field with its value, the rejection (red), the
 * doubtful-but-accepted warning (amber) and what the desk normalised (a note), then, for a block
 * that can be taken, the window verdict it would get if submitted now.
 */
import type { ReactNode } from 'react'
import { DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS } from '../../../../shared/intake/intake-defaults'
import type { FieldError, FieldNotice, ParsedTokenBlock } from '../../../../shared/model'
import { useNowBucket } from '../../lib/now-store'
import { useSettingsStore } from '../settings/settings-store'
import { TokenVerdictLine } from './token-verdict'

type Field = FieldError['field']

function Messages(props: {
  field: Field
  errors: FieldError[]
  warnings: FieldNotice[]
  notes: FieldNotice[]
}): ReactNode {
  const pick = <T extends { field: Field }>(items: T[]): T[] => items.filter((x) => x.field === props.field)
  return (
    <>
      {pick(props.errors).map((e, i) => (
        <span key={`e${i}`} className="field-error" role="note">
          {e.message}
        </span>
      ))}
      {pick(props.warnings).map((w, i) => (
        <span key={`w${i}`} className="field-warning" role="note">
          {w.message}
        </span>
      ))}
      {pick(props.notes).map((n, i) => (
        <span key={`n${i}`} className="field-note" role="note">
          {n.message}
        </span>
      ))}
    </>
  )
}

function FieldLine(props: {
  label: string
  field: Field
  value: string | null
  block: ParsedTokenBlock
}): ReactNode {
  const b = props.block
  const hasError = b.errors.some((e) => e.field === props.field)
  const hasWarning = b.warnings.some((w) => w.field === props.field)
  return (
    <div className={`preview-field${hasError ? ' has-error' : hasWarning ? ' has-warning' : ''}`}>
      <span className="muted">{props.label}</span>
      <span className="mono">{props.value ?? <em className="muted">missing</em>}</span>
      <Messages field={props.field} errors={b.errors} warnings={b.warnings} notes={b.notes} />
    </div>
  )
}

/** What the window verdict would be for a token received now. */
function IfSubmittedNow(props: { block: ParsedTokenBlock }): ReactNode {
  const nowMs = useNowBucket(60_000)
  const hours = useSettingsStore(
    (s) => s.settings?.requestTokenLifetimeHours ?? DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
  const m = props.block.match
  return (
    <div className="if-submitted">
      <span className="muted">If submitted now</span>
      <TokenVerdictLine
        token={{ receivedAtMs: nowMs, expiresAtMs: nowMs + hours * 3_600_000, state: 'pending' }}
        {...(m.kind === 'known' ? { entityId: m.entityId, entityName: m.entityName } : {})}
      />
    </div>
  )
}

/** One parsed block in the preview. */
export function PreviewBlock(props: { block: ParsedTokenBlock; createUnknown: boolean }): ReactNode {
  const b = props.block
  const willCreate = b.match.kind === 'unknown' && props.createUnknown
  return (
    <li
      className={b.isValid && !b.isDuplicate ? 'preview-block' : 'preview-block invalid'}
      aria-label={`Block ${b.index + 1}`}
    >
      <div className="row spread">
        <strong>
          Block {b.index + 1}{' '}
          <span className="muted">
            (lines {b.lines[0]}–{b.lines[1]})
          </span>
        </strong>
        <span>
          {b.match.kind === 'known' ? (
            <span className={b.match.uuidMatches ? 'badge ok' : 'badge warn'}>
              {b.match.entityName}
              {b.match.uuidMatches ? '' : ' (UUID differs)'}
            </span>
          ) : (
            <span className={willCreate ? 'badge info' : 'badge warn'}>
              {willCreate ? 'New entity will be created' : 'Unknown entity'}
            </span>
          )}{' '}
          {b.isDuplicate ? <span className="badge warn">Duplicate</span> : null}
          {b.isValid ? (
            <span className={b.warnings.length ? 'badge warn' : 'badge ok'}>
              {b.warnings.length ? 'Valid, check the warning' : 'Valid'}
            </span>
          ) : (
            <span className="badge bad">Needs fixing</span>
          )}
        </span>
      </div>
      <FieldLine label="Entity/Outtask ID" field="outtaskId" value={b.outtaskId} block={b} />
      <FieldLine label="Company UUID" field="companyUuid" value={b.companyUuid} block={b} />
      <FieldLine label="Request token" field="requestToken" value={b.tokenPreview} block={b} />
      <div className="preview-block-notes">
        <Messages field="block" errors={b.errors} warnings={b.warnings} notes={b.notes} />
      </div>
      {b.isValid ? <IfSubmittedNow block={b} /> : null}
    </li>
  )
}
