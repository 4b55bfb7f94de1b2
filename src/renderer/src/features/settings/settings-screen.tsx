/**
 * Settings: environment, production connection, schedule, intake window, token lifetime. Main
 * validates every field (contract.ts) and its messages come back in `Problem.fields`, shown under
 * each field. Secrets go through 'settings:set-secret' and are never shown back.
 */
import { useEffect, useState, type ReactNode } from 'react'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../../../shared/intake/intake-defaults'
import type { SettingsView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { Loading, ProblemBox } from '../../lib/ui'
import { fieldMessage } from '../entities/entity-form'
import { useAppStore } from '../app/app-store'
import { useSettingsStore } from './settings-store'
import { UpdatesSection } from './updates-section'

type Draft = {
  environment: SettingsView['environment']
  concurTokenBaseUrl: string
  concurClientId: string
  facesBaseUrl: string
  facesUser: string
  cron: string
  scheduleTimeZone: string
  windowTimeZone: string
  opensAt: string
  softCloseAt: string
  hardCloseAt: string
  weekdays: number[]
  closingSoonMinutes: string
  requestTokenLifetimeHours: string
  loginIdChangePolicy: SettingsView['loginIdChangePolicy']
}

function toDraft(s: SettingsView): Draft {
  return {
    environment: s.environment,
    concurTokenBaseUrl: s.production.concurTokenBaseUrl,
    concurClientId: s.production.concurClientId,
    facesBaseUrl: s.production.facesBaseUrl,
    facesUser: s.production.facesUser,
    cron: s.schedule.cron,
    scheduleTimeZone: s.schedule.timeZone,
    windowTimeZone: s.intakeWindow.timeZone,
    opensAt: s.intakeWindow.opensAt,
    softCloseAt: s.intakeWindow.softCloseAt,
    hardCloseAt: s.intakeWindow.hardCloseAt,
    weekdays: [...s.intakeWindow.weekdays],
    closingSoonMinutes: String(s.intakeWindow.closingSoonMinutes),
    requestTokenLifetimeHours: String(s.requestTokenLifetimeHours),
    loginIdChangePolicy: s.loginIdChangePolicy,
  }
}

/** The lifetime sentence for the hours in the field (the default while the field is not a number). */
function lifetimeHint(draft: string): string {
  const hours = Number(draft)
  return requestTokenLifetimeText(
    draft.trim() !== '' && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
}

/** Client-side checks for immediate feedback; main re-checks everything. */
export function validateSettingsDraft(d: Draft): Record<string, string> {
  const errors: Record<string, string> = {}
  const hhmm = /^(?:[01]\d|2[0-3]):[0-5]\d$/
  for (const k of ['opensAt', 'softCloseAt', 'hardCloseAt'] as const) {
    if (!hhmm.test(d[k])) errors[`intakeWindow.${k}`] = 'Use 24-hour HH:MM, e.g. 06:00'
  }
  if (!errors['intakeWindow.opensAt'] && !errors['intakeWindow.softCloseAt'] && d.opensAt >= d.softCloseAt)
    errors['intakeWindow.softCloseAt'] = 'The soft close must come after the opening time'
  if (
    !errors['intakeWindow.softCloseAt'] &&
    !errors['intakeWindow.hardCloseAt'] &&
    d.softCloseAt > d.hardCloseAt
  )
    errors['intakeWindow.hardCloseAt'] = 'The hard close must not come before the soft close'
  if (d.weekdays.length === 0) errors['intakeWindow.weekdays'] = 'Pick at least one weekday'
  const lifetime = Number(d.requestTokenLifetimeHours)
  if (!Number.isFinite(lifetime) || lifetime < 1 || lifetime > 48)
    errors.requestTokenLifetimeHours = 'Enter a number of hours between 1 and 48'
  const soon = Number(d.closingSoonMinutes)
  if (!Number.isInteger(soon) || soon < 1 || soon > 240)
    errors['intakeWindow.closingSoonMinutes'] = 'Enter whole minutes between 1 and 240'
  if (d.cron.trim().split(/\s+/).length < 5)
    errors['schedule.cron'] = 'Enter a cron expression with 5 fields, e.g. 5,20,35,50 * * * *'
  if (d.environment === 'production') {
    if (!/^https:\/\//.test(d.concurTokenBaseUrl))
      errors['production.concurTokenBaseUrl'] = 'Enter a full https:// URL'
    if (d.facesBaseUrl && !/^https?:\/\//.test(d.facesBaseUrl))
      errors['production.facesBaseUrl'] = 'Enter a full URL, e.g. https://faces.example.com'
  }
  return errors
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

function Field(props: {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  hint?: string
  type?: string
}): ReactNode {
  const describedBy = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
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

function SecretField(props: {
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

/** The settings screen. */
export function SettingsScreen(): ReactNode {
  const settings = useSettingsStore((s) => s.settings)
  const status = useSettingsStore((s) => s.status)
  const loadProblem = useSettingsStore((s) => s.problem)
  const info = useAppStore((s) => s.info)
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<Problem | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  useEffect(() => {
    if (settings && !draft) setDraft(toDraft(settings))
  }, [settings, draft])

  if (status === 'failed' && loadProblem)
    return (
      <section className="screen">
        <h1>Settings</h1>
        <ProblemBox
          problem={loadProblem}
          title="Could not load the settings"
          onRetry={() => void useSettingsStore.getState().load()}
        />
      </section>
    )
  if (!draft || !settings)
    return (
      <section className="screen">
        <h1>Settings</h1>
        <Loading label="Loading settings…" />
      </section>
    )

  const d = draft
  const set = (p: Partial<Draft>) => {
    setDraft({ ...d, ...p })
    setSaved(null)
  }
  const err = (path: string) => errors[path] ?? fieldMessage(problem, path)

  async function save(): Promise<void> {
    const local = validateSettingsDraft(d)
    setErrors(local)
    setProblem(null)
    if (Object.keys(local).length) return setSaved(null)
    const r = await getDeskApi().call('settings:update', {
      environment: d.environment,
      production:
        d.environment === 'production'
          ? {
              concurTokenBaseUrl: d.concurTokenBaseUrl,
              concurClientId: d.concurClientId,
              facesBaseUrl: d.facesBaseUrl,
              facesUser: d.facesUser,
            }
          : undefined,
      schedule: { cron: d.cron, timeZone: d.scheduleTimeZone },
      intakeWindow: {
        timeZone: d.windowTimeZone,
        opensAt: d.opensAt,
        softCloseAt: d.softCloseAt,
        hardCloseAt: d.hardCloseAt,
        weekdays: d.weekdays,
        closingSoonMinutes: Number(d.closingSoonMinutes),
      },
      requestTokenLifetimeHours: Number(d.requestTokenLifetimeHours),
      loginIdChangePolicy: d.loginIdChangePolicy,
    })
    if (!r.ok) {
      setProblem(r.problem)
      return setSaved(null)
    }
    useSettingsStore.getState().replace(r.value)
    setDraft(toDraft(r.value))
    setSaved('Settings saved.')
  }

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form
        className="form settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <fieldset>
          <legend>Environment</legend>
          <label>
            <input
              type="radio"
              name="env"
              checked={d.environment === 'sandbox'}
              onChange={() => set({ environment: 'sandbox' })}
            />{' '}
            Sandbox (simulated Concur and Faces with demo entities)
          </label>
          <label>
            <input
              type="radio"
              name="env"
              checked={d.environment === 'production'}
              onChange={() => set({ environment: 'production' })}
            />{' '}
            Production
          </label>
          {info.status === 'ready' ? (
            <p className="muted">
              Secrets are kept in{' '}
              {info.value.keychain.backend === 'keychain'
                ? 'the OS keychain'
                : 'memory only (no keychain reachable)'}
              : {info.value.keychain.detail}
            </p>
          ) : null}
        </fieldset>
        {d.environment === 'production' ? (
          <fieldset>
            <legend>Production connection</legend>
            <Field
              id="concur-url"
              label="Concur token base URL"
              value={d.concurTokenBaseUrl}
              onChange={(v) => set({ concurTokenBaseUrl: v })}
              error={err('production.concurTokenBaseUrl')}
              hint="e.g. https://us.api.concursolutions.com"
            />
            <Field
              id="concur-client"
              label="Concur client ID"
              value={d.concurClientId}
              onChange={(v) => set({ concurClientId: v })}
              error={err('production.concurClientId')}
            />
            <SecretField
              name="concur-client-secret"
              label="Concur client secret"
              isStored={settings.production.hasConcurClientSecret}
            />
            <Field
              id="faces-url"
              label="Faces URL"
              value={d.facesBaseUrl}
              onChange={(v) => set({ facesBaseUrl: v })}
              error={err('production.facesBaseUrl')}
            />
            <Field
              id="faces-user"
              label="Faces user"
              value={d.facesUser}
              onChange={(v) => set({ facesUser: v })}
              error={err('production.facesUser')}
            />
            <SecretField
              name="faces-api-key"
              label="Faces API key"
              isStored={settings.production.hasFacesApiKey}
            />
          </fieldset>
        ) : null}
        <fieldset className="compact">
          <legend>Poll schedule</legend>
          <Field
            id="cron"
            label="Cron expression"
            value={d.cron}
            onChange={(v) => set({ cron: v })}
            error={err('schedule.cron')}
            hint="Minutes :05, :20, :35, :50 by default"
          />
          <Field
            id="schedule-tz"
            label="Schedule time zone"
            value={d.scheduleTimeZone}
            onChange={(v) => set({ scheduleTimeZone: v })}
            error={err('schedule.timeZone')}
          />
        </fieldset>
        <fieldset className="compact">
          <legend>Intake window</legend>
          <Field
            id="window-tz"
            label="Time zone"
            value={d.windowTimeZone}
            onChange={(v) => set({ windowTimeZone: v })}
            error={err('intakeWindow.timeZone')}
            hint="Europe/Zurich (CET/CEST)"
          />
          <Field
            id="opens"
            label="Opens at"
            value={d.opensAt}
            onChange={(v) => set({ opensAt: v })}
            error={err('intakeWindow.opensAt')}
            hint="HH:MM"
          />
          <Field
            id="soft-close"
            label="Soft close"
            value={d.softCloseAt}
            onChange={(v) => set({ softCloseAt: v })}
            error={err('intakeWindow.softCloseAt')}
            hint="HH:MM"
          />
          <Field
            id="hard-close"
            label="Hard close"
            value={d.hardCloseAt}
            onChange={(v) => set({ hardCloseAt: v })}
            error={err('intakeWindow.hardCloseAt')}
            hint="HH:MM"
          />
          <Field
            id="closing-soon"
            label="“Closing soon” minutes before the soft close"
            value={d.closingSoonMinutes}
            onChange={(v) => set({ closingSoonMinutes: v })}
            error={err('intakeWindow.closingSoonMinutes')}
          />
          <div
            className="field"
            role="group"
            aria-labelledby="weekdays-label"
            aria-describedby={err('intakeWindow.weekdays') ? 'weekdays-error' : undefined}
          >
            <span id="weekdays-label">Open on</span>
            <div className="row">
              {WEEKDAYS.map((name, i) => (
                <label key={name}>
                  <input
                    type="checkbox"
                    checked={d.weekdays.includes(i + 1)}
                    onChange={(e) =>
                      set({
                        weekdays: e.target.checked
                          ? [...d.weekdays, i + 1].sort()
                          : d.weekdays.filter((w) => w !== i + 1),
                      })
                    }
                  />{' '}
                  {name}
                </label>
              ))}
            </div>
            {err('intakeWindow.weekdays') ? (
              <span id="weekdays-error" className="field-error">
                {err('intakeWindow.weekdays')}
              </span>
            ) : null}
          </div>
        </fieldset>
        <fieldset>
          <legend>Tokens and travellers</legend>
          <Field
            id="lifetime"
            label="Request token lifetime (hours)"
            type="number"
            value={d.requestTokenLifetimeHours}
            onChange={(v) => set({ requestTokenLifetimeHours: v })}
            error={err('requestTokenLifetimeHours')}
            hint={lifetimeHint(d.requestTokenLifetimeHours)}
          />
          <div className="field">
            <label htmlFor="login-policy">When a traveller's login id changes</label>
            <select
              id="login-policy"
              value={d.loginIdChangePolicy}
              onChange={(e) => set({ loginIdChangePolicy: e.target.value as Draft['loginIdChangePolicy'] })}
            >
              <option value="update-existing">Update the existing Faces profile</option>
              <option value="flag-only">Only flag it for review</option>
            </select>
          </div>
        </fieldset>
        {info.status === 'ready' ? (
          <fieldset>
            <legend>About this desk</legend>
            <dl className="details">
              <dt>Version</dt>
              <dd>{info.value.version}</dd>
              <dt>Running as</dt>
              <dd>{info.value.transport === 'electron' ? 'Desktop app' : 'Service mode in a browser'}</dd>
              <dt>Data folder</dt>
              <dd className="mono">{info.value.dataDir}</dd>
              <dt>Business time zone</dt>
              <dd>{info.value.businessTimeZone}</dd>
            </dl>
          </fieldset>
        ) : null}
        <UpdatesSection />
        {problem ? (
          <p className="inline-error" role="alert">
            {problem.fields ? 'Some fields need attention; see the messages above.' : problemText(problem)}
          </p>
        ) : Object.keys(errors).length ? (
          <p className="inline-error" role="alert">
            Some fields need attention; see the messages above.
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary">
            Save settings
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(toDraft(settings))
              setErrors({})
              setProblem(null)
            }}
          >
            Discard changes
          </button>
          <span role="status" className="muted">
            {saved}
          </span>
        </div>
      </form>
    </section>
  )
}
