/**
 * Add or edit an entity: in a dialog (Entities, the entity page) or inline (the paste preview's
 * "Add entity 119999", pre-filled with the Outtask ID and UUID of the pasted token). Validation
 * happens in main (the schema in contract.ts); its field messages come back in `Problem.fields`,
 * shown under each field, and focus moves to the first field that needs attention.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { EntityInput, EntityView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { Modal } from '../../lib/modal'
import { problemText } from '../../lib/problem-text'
import { useAppStore } from '../app/app-store'
import { useNavStore } from '../app/nav-store'
import { notifySuccess } from '../notifications/notify'
import { useEntitiesStore } from './entities-store'

/** The form's text fields (lists as comma-separated text). */
export type EntityDraft = Record<keyof EntityInput, string>

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

/** The draft of an entity (or an empty one, with `start` filled in). */
export function toEntityDraft(e: EntityView | null, start: Partial<EntityDraft> = {}): EntityDraft {
  return {
    name: e?.name ?? start.name ?? '',
    outtaskId: e?.outtaskId ?? start.outtaskId ?? '',
    companyUuid: e?.companyUuid ?? start.companyUuid ?? '',
    facesCompanyId: e?.facesCompanyId ?? start.facesCompanyId ?? '',
    siteIds: e?.siteIds.join(', ') ?? start.siteIds ?? '',
    vendorSiteIds: e?.vendorSiteIds.join(', ') ?? start.vendorSiteIds ?? '',
    travelConfigIds: e?.travelConfigIds.join(', ') ?? start.travelConfigIds ?? '',
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Turns the draft into the request input. */
export function draftToInput(d: EntityDraft): EntityInput {
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

/** What the Faces company field says: in the Sandbox its Faces creates the company; in production it must exist. */
function facesHint(isSandbox: boolean): string {
  return isSandbox
    ? "The Faces company the refresh token goes to. In the Sandbox, a company that does not exist yet is created in the Sandbox's Faces."
    : 'The Faces company profile the refresh token is handed to (required): the desk never leaves an entity without one.'
}

/** Where a saved entity's Faces company stands, in one sentence. */
export function savedFacesText(e: EntityView, isSandbox: boolean): string {
  if (!e.facesCompanyId)
    return 'It has no Faces company yet: a refresh token waits in the keychain until you set one.'
  return isSandbox
    ? `Faces company ${e.facesCompanyId} (the Sandbox's Faces knows it).`
    : `Faces company ${e.facesCompanyId}.`
}

/** The entity fields with main's messages and a save; `entity` null creates one. */
export function EntityForm(props: {
  entity: EntityView | null
  start?: Partial<EntityDraft>
  idPrefix: string
  submitLabel: string
  onSaved: (entity: EntityView) => void
  onCancel: () => void
  /** Focus this field when the form appears (inline forms; a dialog focuses its first field). */
  focusOnMount?: keyof EntityInput
}): ReactNode {
  const [draft, setDraft] = useState<EntityDraft>(() => toEntityDraft(props.entity, props.start))
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const isSandbox = useAppStore((s) => s.info.status === 'ready' && s.info.value.environment === 'sandbox')
  const formRef = useRef<HTMLFormElement>(null)
  const focusOnMount = props.focusOnMount
  useEffect(() => {
    if (focusOnMount) document.getElementById(`${props.idPrefix}-${focusOnMount}`)?.focus()
  }, [focusOnMount, props.idPrefix])

  async function save(): Promise<void> {
    setIsSaving(true)
    const input = draftToInput(draft)
    const api = getDeskApi()
    const r = props.entity
      ? await api.call('entities:update', { entityId: props.entity.id, input })
      : await api.call('entities:create', input)
    setIsSaving(false)
    if (!r.ok) {
      setProblem(r.problem)
      // The first field main complained about gets the focus (after React drew the messages).
      queueMicrotask(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    useEntitiesStore.getState().upsert(r.value)
    // The form closes: the toast (and the history) says what was saved and where its Faces company stands.
    notifySuccess(
      props.entity ? `${r.value.name} saved` : `${r.value.name} (${r.value.outtaskId}) added`,
      savedFacesText(r.value, isSandbox),
      { entityId: r.value.id },
    )
    props.onSaved(r.value)
  }

  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      {FIELDS.map((f) => {
        const msg = fieldMessage(problem, f.key)
        const id = `${props.idPrefix}-${f.key}`
        const hint = f.key === 'facesCompanyId' ? facesHint(isSandbox) : f.hint
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>{f.label}</label>
            <input
              id={id}
              value={draft[f.key]}
              aria-invalid={msg ? true : undefined}
              aria-describedby={msg ? `${id}-error` : hint ? `${id}-hint` : undefined}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              className={LIST_FIELDS.has(f.key) || f.key === 'companyUuid' ? 'mono' : undefined}
            />
            {msg ? (
              <span id={`${id}-error`} className="field-error">
                {msg}
              </span>
            ) : hint ? (
              <span id={`${id}-hint`} className="muted">
                {hint}
              </span>
            ) : null}
          </div>
        )
      })}
      {problem ? (
        <p className="inline-error" role="alert">
          {problem.fields ? 'Some fields need attention; see the messages above.' : problemText(problem)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={isSaving} data-shortcut="submit">
          {isSaving ? 'Saving…' : props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Dialog to create (entity = null) or edit an entity; a new one opens its page. */
export function EntityFormDialog(props: { entity: EntityView | null; onClose: () => void }): ReactNode {
  const go = useNavStore((s) => s.go)
  return (
    <Modal title={props.entity ? `Edit ${props.entity.name}` : 'Add entity'} onClose={props.onClose}>
      <EntityForm
        entity={props.entity}
        idPrefix="entity"
        submitLabel={props.entity ? 'Save changes' : 'Add entity'}
        onCancel={props.onClose}
        onSaved={(saved) => {
          props.onClose()
          if (!props.entity) go({ screen: 'entity', entityId: saved.id })
        }}
      />
    </Modal>
  )
}

/**
 * "Add entity 119999" inside a paste-preview block: the Outtask ID and UUID of the token filled in,
 * a Faces company proposed in the Sandbox (asked for in production), the rest to complete.
 */
export function InlineAddEntity(props: {
  outtaskId: string
  companyUuid: string
  onAdded: (entity: EntityView) => void
  onCancel: () => void
}): ReactNode {
  const isSandbox = useAppStore((s) => s.info.status === 'ready' && s.info.value.environment === 'sandbox')
  return (
    <section className="inline-add" aria-label={`Add entity ${props.outtaskId}`}>
      <h3>Add entity {props.outtaskId}</h3>
      <EntityForm
        entity={null}
        idPrefix={`add-${props.outtaskId}`}
        start={{
          outtaskId: props.outtaskId,
          companyUuid: props.companyUuid,
          facesCompanyId: isSandbox ? `FC-${props.outtaskId}` : '',
        }}
        submitLabel={`Add entity ${props.outtaskId}`}
        focusOnMount="name"
        onSaved={props.onAdded}
        onCancel={props.onCancel}
      />
    </section>
  )
}
