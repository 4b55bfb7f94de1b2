/**
 * Settings: environment, production connection, schedule, intake window, token lifetime, the paste
 * screen's default. The form checks what it can at once (time zones are real IANA zones); main
 * validates every field again (contract.ts) and its messages come back in `Problem.fields`, shown
 * under each field. After a save that failed, the page scrolls to the first field that needs
 * attention and focuses it. Secrets go through 'settings:set-secret' and are never shown back.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { timeZoneNames } from '../../../../shared/time-zones'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../../../shared/intake/intake-defaults'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { Loading, ProblemBox } from '../../lib/ui'
import { fieldMessage } from '../entities/entity-form'
import { useAppStore } from '../app/app-store'
import { notifySuccess } from '../notifications/notify'
import { AboutSection } from './about-section'
import { ConnectionTestPanel } from './connection-test-panel'
import { keychainSentence, limitOf, toDraft, validateSettingsDraft, type Draft } from './settings-draft'
import { Field } from '../../lib/field'
import { SecretField } from './settings-fields'
import { useSettingsStore } from './settings-store'
import { UpdatesSection } from './updates-section'

/** The lifetime sentence for the hours in the field (the default while the field is not a number). */
function lifetimeHint(draft: string): string {
  const hours = Number(draft)
  return requestTokenLifetimeText(
    draft.trim() !== '' && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  )
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** The settings screen. */
export function SettingsScreen(): ReactNode {
  const settings = useSettingsStore((s) => s.settings)
  const status = useSettingsStore((s) => s.status)
  const loadProblem = useSettingsStore((s) => s.problem)
  const info = useAppStore((s) => s.info)
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<Problem | null>(null)
  const [failedSaves, setFailedSaves] = useState(0)
  const formRef = useRef<HTMLFormElement>(null)
  const zones = useMemo(() => timeZoneNames(), [])

  useEffect(() => {
    if (settings && !draft) setDraft(toDraft(settings))
  }, [settings, draft])

  // After a failed save: the first field that needs attention comes into view and gets the focus.
  useEffect(() => {
    if (failedSaves === 0) return
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')
    first?.scrollIntoView?.({ block: 'center' })
    first?.focus()
  }, [failedSaves])

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
  }
  const err = (path: string) => errors[path] ?? fieldMessage(problem, path)

  async function save(): Promise<void> {
    const local = validateSettingsDraft(d)
    setErrors(local)
    setProblem(null)
    if (Object.keys(local).length) {
      setFailedSaves((n) => n + 1)
      return
    }
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
      exchangeLaterByDefault: d.exchangeLaterByDefault,
      syncLogRetention: { maxAgeDays: limitOf(d.logMaxAgeDays), maxRecords: limitOf(d.logMaxRecords) },
    })
    if (!r.ok) {
      setProblem(r.problem)
      setFailedSaves((n) => n + 1)
      return
    }
    useSettingsStore.getState().replace(r.value)
    setDraft(toDraft(r.value))
    // Said in a toast: a save by Ctrl+Enter from the top of this long form cannot see its bottom.
    const w = r.value.intakeWindow
    notifySuccess(
      'Settings saved',
      `The next polls follow the new schedule; the intake window is ${w.opensAt}–${w.softCloseAt}, at the latest ${w.hardCloseAt} (${w.timeZone}).`,
    )
  }

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <datalist id="time-zone-names">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <form
        ref={formRef}
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
          {info.status === 'ready' ? <p className="muted">{keychainSentence(info.value)}</p> : null}
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
            <ConnectionTestPanel />
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
            hint="An IANA zone, e.g. Europe/Zurich"
            list="time-zone-names"
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
            hint="An IANA zone: Europe/Zurich for CET/CEST"
            list="time-zone-names"
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
                    aria-invalid={i === 0 && err('intakeWindow.weekdays') ? true : undefined}
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
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={d.exchangeLaterByDefault}
                onChange={(e) => set({ exchangeLaterByDefault: e.target.checked })}
              />{' '}
              Paste tokens: "Exchange later" is ticked by default (submitted tokens wait on Today)
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Sync log</legend>
          <Field
            id="log-max-age"
            label="Keep records for (days)"
            type="number"
            value={d.logMaxAgeDays}
            onChange={(v) => set({ logMaxAgeDays: v })}
            error={err('syncLogRetention.maxAgeDays')}
            hint="Older records are removed once an hour. Empty: no age limit."
          />
          <Field
            id="log-max-records"
            label="Keep at most (records)"
            type="number"
            value={d.logMaxRecords}
            onChange={(v) => set({ logMaxRecords: v })}
            error={err('syncLogRetention.maxRecords')}
            hint="The oldest records go first. Empty: no size limit."
          />
        </fieldset>
        <AboutSection />
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
          <button type="submit" className="primary" data-shortcut="submit">
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
        </div>
      </form>
    </section>
  )
}
