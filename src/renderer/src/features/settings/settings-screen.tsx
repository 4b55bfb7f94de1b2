/**
 * Settings: environment, production connection, schedule, intake window, token lifetime, the paste
 * screen's default. The form checks what it can at once (time zones are real IANA zones); main
 * validates every field again (contract.ts) and its messages come back in `Problem.fields`, shown
 * under each field. After a save that failed, the page scrolls to the first field that needs
 * attention and focuses it. Secrets go through 'settings:set-secret' and are never shown back. Each
 * fieldset is its own component (*-section.tsx) over the one draft (settings-draft.ts).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { Loading, ProblemBox } from '../../lib/ui'
import { fieldMessage } from '../entities/entity-form'
import { notifySuccess } from '../notifications/notify'
import { AboutSection } from './about-section'
import { EnvironmentSection } from './environment-section'
import { IntakeWindowSection } from './intake-window-section'
import { PollScheduleSection } from './poll-schedule-section'
import { ProductionSection } from './production-section'
import { toDraft, toSettingsPatch, validateSettingsDraft, type Draft } from './settings-draft'
import { useSettingsStore } from './settings-store'
import { SyncLogSection } from './sync-log-section'
import { TimeZoneList } from './time-zone-list'
import { TokensSection } from './tokens-section'
import { UpdatesSection } from './updates-section'

/** The settings screen. */
export function SettingsScreen(): ReactNode {
  const settings = useSettingsStore((s) => s.settings)
  const status = useSettingsStore((s) => s.status)
  const loadProblem = useSettingsStore((s) => s.problem)
  const [draft, setDraft] = useState<Draft | null>(settings ? toDraft(settings) : null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<Problem | null>(null)
  const [failedSaves, setFailedSaves] = useState(0)
  const formRef = useRef<HTMLFormElement>(null)

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
    const r = await getDeskApi().call('settings:update', toSettingsPatch(d))
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
      <TimeZoneList />
      <form
        ref={formRef}
        className="form settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <EnvironmentSection draft={d} set={set} />
        {d.environment === 'production' ? (
          <ProductionSection draft={d} set={set} err={err} stored={settings.production} />
        ) : null}
        <PollScheduleSection draft={d} set={set} err={err} />
        <IntakeWindowSection draft={d} set={set} err={err} />
        <TokensSection draft={d} set={set} err={err} />
        <SyncLogSection draft={d} set={set} err={err} />
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
