/** Settings → Poll schedule: the cron expression of the Concur polls and its time zone. */
import type { ReactNode } from 'react'
import { Field } from '../../lib/field'
import type { DraftSectionProps } from './settings-draft'
import { TIME_ZONE_LIST_ID } from './time-zone-list'

/** The poll schedule's fields. */
export function PollScheduleSection({ draft, set, err }: DraftSectionProps): ReactNode {
  return (
    <fieldset className="compact">
      <legend>Poll schedule</legend>
      <Field
        id="cron"
        label="Cron expression"
        value={draft.cron}
        onChange={(v) => set({ cron: v })}
        error={err('schedule.cron')}
        hint="Minutes :05, :20, :35, :50 by default"
      />
      <Field
        id="schedule-tz"
        label="Schedule time zone"
        value={draft.scheduleTimeZone}
        onChange={(v) => set({ scheduleTimeZone: v })}
        error={err('schedule.timeZone')}
        hint="An IANA zone, e.g. Europe/Zurich"
        list={TIME_ZONE_LIST_ID}
      />
    </fieldset>
  )
}
