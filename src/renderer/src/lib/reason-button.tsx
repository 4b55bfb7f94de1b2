/**
 * A button that says why it cannot be used. Instead of a bare `disabled` (unfocusable, silent), a
 * blocked button stays in the tab order with `aria-disabled`, ignores clicks, shows the reason as a
 * tooltip and reads it out through `aria-describedby`; `showReason` also prints it beside the button.
 */
import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react'
import './reason-button.css'

/** Props of a ReasonButton: a button plus the reason it is blocked (null: usable). */
export type ReasonButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  /** Why the button cannot be used now; null or undefined when it can. */
  blockedReason?: string | null
  /** Print the reason next to the button too (not only as tooltip and accessible description). */
  showReason?: boolean
}

/** A button that is either usable or says why not. */
export function ReasonButton(props: ReasonButtonProps): ReactNode {
  const { blockedReason, showReason, onClick, className, title, ...rest } = props
  const reasonId = useId()
  const isBlocked = Boolean(blockedReason)
  return (
    <>
      <button
        type="button"
        {...rest}
        className={isBlocked ? `${className ?? ''} is-blocked`.trim() : className}
        aria-disabled={isBlocked || undefined}
        aria-describedby={isBlocked ? reasonId : rest['aria-describedby']}
        title={isBlocked ? (blockedReason ?? undefined) : title}
        onClick={(e) => {
          if (isBlocked) {
            e.preventDefault()
            return
          }
          onClick?.(e)
        }}
      />
      {isBlocked ? (
        <span id={reasonId} className={showReason ? 'blocked-reason' : 'sr-only'}>
          {blockedReason}
        </span>
      ) : null}
    </>
  )
}
