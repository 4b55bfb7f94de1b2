/** A modal panel: labelled, closes on Escape, focuses its first field and gives focus back on close. */
import { useEffect, useId, useRef, type ReactNode } from 'react'

/** Modal dialog shell. */
export function Modal(props: {
  title: string
  onClose: () => void
  children: ReactNode
  wide?: boolean
}): ReactNode {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button')
    first?.focus()
    return () => previous?.focus?.()
  }, [])
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={props.wide ? 'modal wide' : 'modal'}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onClose()
        }}
      >
        <div className="screen-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" className="small" onClick={props.onClose} aria-label="Close">
            ✕
          </button>
        </div>
        {props.children}
      </div>
    </div>
  )
}
