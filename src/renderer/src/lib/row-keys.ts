/**
 * Arrow keys through table rows: Up/Down move focus to the same control of the previous/next row
 * (or its first control), Home/End to the first/last row. Put `onKeyDown={moveRowFocus}` on the
 * table (or the grid's scroll box); keys typed into a field are left alone.
 */
import type { KeyboardEvent } from 'react'

const FOCUSABLE =
  'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), [tabindex="0"]'
const ROWS = 'tbody tr, [role=row]:not(.grid-head)'
const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA'])

/** The row to move to from `index` among `count` rows, or null for a key that does not move. */
export function nextRowIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1)
    case 'ArrowUp':
      return Math.max(0, index - 1)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/** Keydown handler for a table or grid. */
export function moveRowFocus(e: KeyboardEvent<HTMLElement>): void {
  const target = e.target as HTMLElement
  if (TYPING.has(target.tagName) || e.altKey || e.ctrlKey || e.metaKey) return
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>(ROWS)].filter((r) =>
    r.querySelector(FOCUSABLE),
  )
  const row = target.closest<HTMLElement>('tr, [role=row]')
  const index = row ? rows.indexOf(row) : -1
  if (index < 0) return
  const next = nextRowIndex(e.key, index, rows.length)
  if (next === null || next === index) return
  const column = [...row!.querySelectorAll<HTMLElement>(FOCUSABLE)].indexOf(target)
  const controls = [...rows[next]!.querySelectorAll<HTMLElement>(FOCUSABLE)]
  const goal = controls[Math.max(0, column)] ?? controls[0]
  if (!goal) return
  e.preventDefault()
  goal.focus()
  goal.scrollIntoView?.({ block: 'nearest' })
}
