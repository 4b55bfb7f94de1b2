/** The intake window's "Open on" weekday checkboxes (ISO weekdays: Monday is 1). */
import type { ReactNode } from 'react'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** One checkbox per weekday; an error marks the first box invalid so a failed save can focus it. */
export function WeekdaysField(props: {
  weekdays: number[]
  onChange: (weekdays: number[]) => void
  error: string | undefined
}): ReactNode {
  const { weekdays, error } = props
  return (
    <div
      className="field"
      role="group"
      aria-labelledby="weekdays-label"
      aria-describedby={error ? 'weekdays-error' : undefined}
    >
      <span id="weekdays-label">Open on</span>
      <div className="row">
        {WEEKDAYS.map((name, i) => (
          <label key={name}>
            <input
              type="checkbox"
              aria-invalid={i === 0 && error ? true : undefined}
              checked={weekdays.includes(i + 1)}
              onChange={(e) =>
                props.onChange(
                  e.target.checked ? [...weekdays, i + 1].sort() : weekdays.filter((w) => w !== i + 1),
                )
              }
            />{' '}
            {name}
          </label>
        ))}
      </div>
      {error ? (
        <span id="weekdays-error" className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  )
}
