/**
 * One parsed block in the paste preview: each field with its value, the rejection (red), the
 * doubtful-but-accepted warning (amber) and what the desk normalised (a note), then, for a block
 * that can be taken, the window verdict it would get if submitted now. A token the desk already
 * has is neutral (grey): where its first copy is, nothing to do. A valid token for an Outtask ID
 * no entity has offers "Add entity 119999" right there, pre-filled.
 */
import { useState, type ReactNode } from 'react'
import { DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS } from '../../../../shared/intake/intake-defaults'
import type { FieldError, FieldNotice, ParsedTokenBlock } from '../../../../shared/model'
import { useNowBucket, useNowStore } from '../../lib/now-store'
import { BUSINESS_TIME_ZONE, formatBusinessDateTime, formatClock, formatDate } from '../../lib/time-format'
import { InlineAddEntity } from '../entities/entity-form'
import { useSettingsStore } from '../settings/settings-store'
import { duplicateText } from './paste-model'
import { TokenVerdictLine } from './token-verdict'
import './paste-screen.css'

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

/** What the window verdict would be for a token received now (or when the desk knows it arrived). */
function IfSubmittedNow(props: { block: ParsedTokenBlock }): ReactNode {
  const nowMs = useNowBucket(60_000)
  const hours = useSettingsStore(
    (s) => s.settings?.requestTokenLifetimeHours ?? DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
  const m = props.block.match
  const receivedAtMs = props.block.receivedAtMs ?? nowMs
  return (
    <div className="if-submitted">
      <span className="muted">
        {props.block.receivedAtMs === null
          ? 'If submitted now'
          : `Arrived ${formatBusinessDateTime(receivedAtMs)}`}
      </span>
      <TokenVerdictLine
        token={{ receivedAtMs, expiresAtMs: receivedAtMs + hours * 3_600_000, state: 'pending' }}
        {...(m.kind === 'known' ? { entityId: m.entityId, entityName: m.entityName } : {})}
      />
    </div>
  )
}

/** The neutral line of a token the desk already has. */
function DuplicateLine(props: { block: ParsedTokenBlock }): ReactNode {
  const dup = props.block.duplicateOf
  const today = useNowStore((s) => formatDate(s.nowMs, BUSINESS_TIME_ZONE))
  if (!dup) return null
  return (
    <p className="duplicate-note" role="note">
      {duplicateText(dup, {
        clock: (ms) => formatClock(ms, BUSINESS_TIME_ZONE),
        isToday: (ms) => formatDate(ms, BUSINESS_TIME_ZONE) === today,
        dateTime: (ms) => formatBusinessDateTime(ms),
      })}
    </p>
  )
}

/** The badge of a block: valid, neutral (already known), or needs fixing. */
function BlockBadge(props: { block: ParsedTokenBlock }): ReactNode {
  const b = props.block
  if (b.isDuplicate && b.errors.length === 0)
    return (
      <span className="badge neutral">
        {b.duplicateOf?.kind === 'in-paste' ? 'Repeated in this paste' : 'Already known'}
      </span>
    )
  if (b.isValid)
    return (
      <span className={b.warnings.length ? 'badge warn' : 'badge ok'}>
        {b.warnings.length ? 'Valid, check the warning' : 'Valid'}
      </span>
    )
  return <span className="badge bad">Needs fixing</span>
}

/** One parsed block in the preview. */
export function PreviewBlock(props: {
  block: ParsedTokenBlock
  createUnknown: boolean
  /** Called after an entity was added from this block (the preview is read again). */
  onEntityAdded?: () => void
}): ReactNode {
  const b = props.block
  const [isAdding, setIsAdding] = useState(false)
  const isNeutral = b.isDuplicate && b.errors.length === 0
  const willCreate = b.match.kind === 'unknown' && props.createUnknown
  const canAdd = b.match.kind === 'unknown' && b.isValid && !!b.outtaskId && !!b.companyUuid
  const tone = isNeutral ? ' duplicate' : b.isValid ? '' : ' invalid'
  return (
    <li className={`preview-block${tone}`} aria-label={`Block ${b.index + 1}`}>
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
          <BlockBadge block={b} />
        </span>
      </div>
      <FieldLine label="Entity/Outtask ID" field="outtaskId" value={b.outtaskId} block={b} />
      <FieldLine label="Company UUID" field="companyUuid" value={b.companyUuid} block={b} />
      <FieldLine label="Request token" field="requestToken" value={b.tokenPreview} block={b} />
      <div className="preview-block-notes">
        <Messages field="block" errors={b.errors} warnings={b.warnings} notes={b.notes} />
      </div>
      <DuplicateLine block={b} />
      {b.isValid ? <IfSubmittedNow block={b} /> : null}
      {canAdd && !willCreate && !isAdding ? (
        <div className="row add-entity-offer">
          <span>No entity has Outtask ID {b.outtaskId} yet.</span>
          <button type="button" className="primary small" onClick={() => setIsAdding(true)}>
            Add entity {b.outtaskId}
          </button>
        </div>
      ) : null}
      {canAdd && isAdding ? (
        <InlineAddEntity
          outtaskId={b.outtaskId ?? ''}
          companyUuid={b.companyUuid ?? ''}
          onCancel={() => setIsAdding(false)}
          onAdded={() => {
            setIsAdding(false)
            props.onEntityAdded?.()
          }}
        />
      ) : null}
    </li>
  )
}
