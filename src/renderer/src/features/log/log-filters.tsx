/**
 * The sync log's filters: entity, direction, outcome, kind (credential events among them), text, From/To typed as 24-hour CET/CEST
 * (`YYYY-MM-DD HH:MM`, checked as you type, applied on Enter or when leaving the field), quick
 * ranges, and Reset. The filter lives in the log store, so it survives leaving the screen.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { useNowStore } from '../../lib/now-store'
import { BUSINESS_TIME_ZONE } from '../../lib/time-format'
import { useEntitiesStore } from '../entities/entities-store'
import { formatFilterInstant, parseFilterInstant, quickRanges } from './log-dates'
import { OUTCOME_WORDS } from './log-row'
import { isFiltered, useLogStore, type LogFilter } from './log-store'

const TEXT_DEBOUNCE_MS = 250
const OUTCOMES = ['success', 'failed', 'rejected', 'warning', 'skipped', 'cancelled', 'info'] as const
const KINDS: Array<[NonNullable<LogFilter['kind']>, string]> = [
  ['traveller', 'Travellers'],
  ['credential', 'Credential events'],
  ['run-started', 'Runs started'],
  ['run-finished', 'Runs finished'],
]

function patch(p: Partial<LogFilter>): void {
  void useLogStore.getState().setFilter({ ...useLogStore.getState().filter, ...p })
}

/** One From/To field: typed text, an inline error, applied when valid. */
function InstantField(props: { edge: 'from' | 'to'; ms: number | undefined }): ReactNode {
  const tz = BUSINESS_TIME_ZONE
  const [text, setText] = useState(() => formatFilterInstant(props.ms, tz))
  const [error, setError] = useState<string | null>(null)
  // A change from elsewhere (a quick range, Reset) shows in the field.
  useEffect(() => {
    setText(formatFilterInstant(props.ms, tz))
    setError(null)
  }, [props.ms, tz])
  const id = `log-${props.edge}`
  function apply(): void {
    const r = parseFilterInstant(text, props.edge, tz)
    if ('error' in r) return setError(r.error)
    setError(null)
    if (r.ms !== props.ms) patch(props.edge === 'from' ? { fromMs: r.ms } : { toMs: r.ms })
  }
  return (
    <label htmlFor={id}>
      {props.edge === 'from' ? 'From' : 'To'} (24 h, CET/CEST)
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="mono instant"
        value={text}
        placeholder="2026-11-27 14:30"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
        }}
      />
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  )
}

/** The filter toolbar. */
export function LogFilters(props: { status: ReactNode }): ReactNode {
  const filter = useLogStore((s) => s.filter)
  const entities = useEntitiesStore((s) => s.byId)
  const [text, setText] = useState(filter.text ?? '')
  useEffect(() => setText(filter.text ?? ''), [filter.text])
  useEffect(() => {
    if ((filter.text ?? '') === text) return
    const t = setTimeout(() => patch({ text }), TEXT_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [text, filter.text])
  const entityOptions = useMemo(
    () => Object.values(entities).sort((a, b) => a.name.localeCompare(b.name)),
    [entities],
  )
  return (
    <div className="toolbar log-filters" role="search" aria-label="Filter the sync log">
      <label>
        Entity
        <select
          value={filter.entityId ?? ''}
          onChange={(e) => patch({ entityId: e.target.value || undefined })}
        >
          <option value="">All entities</option>
          {entityOptions.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Direction
        <select
          value={filter.direction ?? ''}
          onChange={(e) => patch({ direction: (e.target.value || undefined) as LogFilter['direction'] })}
        >
          <option value="">Both</option>
          <option value="concur-to-faces">Concur → Faces</option>
          <option value="faces-to-concur">Faces → Concur</option>
        </select>
      </label>
      <label>
        Outcome
        <select
          value={filter.outcome ?? ''}
          onChange={(e) => patch({ outcome: (e.target.value || undefined) as LogFilter['outcome'] })}
        >
          <option value="">Any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_WORDS[o].text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select
          value={filter.kind ?? ''}
          onChange={(e) => patch({ kind: (e.target.value || undefined) as LogFilter['kind'] })}
        >
          <option value="">Any</option>
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Text
        <input
          type="search"
          data-shortcut="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message, traveller, error"
        />
      </label>
      <InstantField edge="from" ms={filter.fromMs} />
      <InstantField edge="to" ms={filter.toMs} />
      <label>
        Quick range
        <select
          value=""
          onChange={(e) => {
            if (e.target.value) patch({ fromMs: Number(e.target.value), toMs: undefined })
          }}
        >
          <option value="">Choose…</option>
          {quickRanges(useNowStore.getState().nowMs, BUSINESS_TIME_ZONE).map((r) => (
            <option key={r.label} value={r.fromMs}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!isFiltered(filter)}
        title={isFiltered(filter) ? 'Show every record again' : 'No filter is set'}
        onClick={() => void useLogStore.getState().resetFilter()}
      >
        Reset filters
      </button>
      {props.status}
    </div>
  )
}
