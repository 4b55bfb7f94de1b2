/** Settings → Intake window: when request tokens should reach the desk, in which zone, on which days. */
import type { ReactNode } from 'react'
import { Field } from '../../lib/field'
import type { DraftSectionProps } from './settings-draft'
import { TIME_ZONE_LIST_ID } from './time-zone-list'
import { WeekdaysField } from './weekdays-field'

/** The intake window's fields. */
export function IntakeWindowSection({ draft, set, err }: DraftSectionProps): ReactNode {
  return (
    <fieldset className="compact">
      <legend>Intake window</legend>
      <Field
        id="window-tz"
        label="Time zone"
        value={draft.windowTimeZone}
        onChange={(v) => set({ windowTimeZone: v })}
        error={err('intakeWindow.timeZone')}
        hint="An IANA zone: Europe/Zurich for CET/CEST"
        list={TIME_ZONE_LIST_ID}
      />
      <Field
        id="opens"
        label="Opens at"
        value={draft.opensAt}
        onChange={(v) => set({ opensAt: v })}
        error={err('intakeWindow.opensAt')}
        hint="HH:MM"
      />
      <Field
        id="soft-close"
        label="Soft close"
        value={draft.softCloseAt}
        onChange={(v) => set({ softCloseAt: v })}
        error={err('intakeWindow.softCloseAt')}
        hint="HH:MM"
      />
      <Field
        id="hard-close"
        label="Hard close"
        value={draft.hardCloseAt}
        onChange={(v) => set({ hardCloseAt: v })}
        error={err('intakeWindow.hardCloseAt')}
        hint="HH:MM"
      />
      <Field
        id="closing-soon"
        label="“Closing soon” minutes before the soft close"
        value={draft.closingSoonMinutes}
        onChange={(v) => set({ closingSoonMinutes: v })}
        error={err('intakeWindow.closingSoonMinutes')}
      />
      <WeekdaysField
        weekdays={draft.weekdays}
        onChange={(weekdays) => set({ weekdays })}
        error={err('intakeWindow.weekdays')}
      />
    </fieldset>
  )
}
