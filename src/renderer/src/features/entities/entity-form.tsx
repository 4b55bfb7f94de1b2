/**
 * Add or edit an entity. Validation happens in main (the schema in contract.ts); its field messages
 * come back in `Problem.fields` and are shown under each field.
 */
import { useState, type ReactNode } from 'react'
import type { EntityInput, EntityView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { Modal } from '../../lib/modal'
import { problemText } from '../../lib/problem-text'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from './entities-store'

type Draft = Record<keyof EntityInput, string>

const FIELDS: Array<{ key: keyof EntityInput; label: string; hint?: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'outtaskId', label: 'Entity/Outtask ID', hint: 'Digits only, e.g. 110034' },
  { key: 'companyUuid', label: 'Company UUID', hint: '8-4-4-4-12 hexadecimal digits' },
  { key: 'facesCompanyId', label: 'Faces company ID' },
  { key: 'siteIds', label: 'Site IDs', hint: 'Comma separated' },
  { key: 'vendorSiteIds', label: 'Vendor site IDs', hint: 'Comma separated' },
  { key: 'travelConfigIds', label: 'Travel config IDs', hint: 'Comma separated' },
]

const LIST_FIELDS = new Set<keyof EntityInput>(['siteIds', 'vendorSiteIds', 'travelConfigIds'])

function toDraft(e: EntityView | null): Draft {
  return {
    name: e?.name ?? '',
    outtaskId: e?.outtaskId ?? '',
    companyUuid: e?.companyUuid ?? '',
    facesCompanyId: e?.facesCompanyId ?? '',
    siteIds: e?.siteIds.join(', ') ?? '',
    vendorSiteIds: e?.vendorSiteIds.join(', ') ?? '',
    travelConfigIds: e?.travelConfigIds.join(', ') ?? '',
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Turns the draft into the request input. */
export function draftToInput(d: Draft): EntityInput {
  return {
    name: d.name.trim(),
    outtaskId: d.outtaskId.trim(),
    companyUuid: d.companyUuid.trim(),
    facesCompanyId: d.facesCompanyId.trim(),
    siteIds: splitList(d.siteIds),
    vendorSiteIds: splitList(d.vendorSiteIds),
    travelConfigIds: splitList(d.travelConfigIds),
  }
}

/** Finds the message for a field in `Problem.fields`, whose keys may be `outtaskId` or `input.outtaskId`. */
export function fieldMessage(problem: Problem | null, key: string): string | undefined {
  if (!problem?.fields) return undefined
  for (const [path, message] of Object.entries(problem.fields)) {
    if (path === key || path.endsWith(`.${key}`) || path.startsWith(`${key}.`) || path.includes(`.${key}.`))
      return message
  }
  return undefined
}

/** Dialog to create (entity = null) or edit an entity. */
export function EntityFormDialog(props: { entity: EntityView | null; onClose: () => void }): ReactNode {
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.entity))
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const go = useNavStore((s) => s.go)

  async function save(): Promise<void> {
    setIsSaving(true)
    const input = draftToInput(draft)
    const api = getDeskApi()
    const r = props.entity
      ? await api.call('entities:update', { entityId: props.entity.id, input })
      : await api.call('entities:create', input)
    setIsSaving(false)
    if (!r.ok) return setProblem(r.problem)
    useEntitiesStore.getState().upsert(r.value)
    props.onClose()
    if (!props.entity) go({ screen: 'entity', entityId: r.value.id })
  }

  return (
    <Modal title={props.entity ? `Edit ${props.entity.name}` : 'Add entity'} onClose={props.onClose}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        {FIELDS.map((f) => {
          const msg = fieldMessage(problem, f.key)
          const id = `entity-${f.key}`
          return (
            <div className="field" key={f.key}>
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                value={draft[f.key]}
                aria-invalid={msg ? true : undefined}
                aria-describedby={msg ? `${id}-error` : f.hint ? `${id}-hint` : undefined}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                className={LIST_FIELDS.has(f.key) || f.key === 'companyUuid' ? 'mono' : undefined}
              />
              {msg ? (
                <span id={`${id}-error`} className="field-error">
                  {msg}
                </span>
              ) : f.hint ? (
                <span id={`${id}-hint`} className="muted">
                  {f.hint}
                </span>
              ) : null}
            </div>
          )
        })}
        {problem && !problem.fields ? (
          <p className="inline-error" role="alert">
            {problemText(problem)}
          </p>
        ) : problem ? (
          <p className="inline-error" role="alert">
            Some fields need attention; see the messages above.
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : props.entity ? 'Save changes' : 'Add entity'}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  )
}
