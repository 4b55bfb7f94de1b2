/** The toast stack (bottom right). Errors stay until dismissed; others fade after a while. */
import { useEffect, type ReactNode } from 'react'
import { useNavStore } from '../app/nav-store'
import { useToastsStore, type Toast } from './toasts-store'

const AUTO_DISMISS_MS = 15_000

function ToastItem(props: { toast: Toast }): ReactNode {
  const t = props.toast
  const dismiss = useToastsStore((s) => s.dismiss)
  const go = useNavStore((s) => s.go)
  useEffect(() => {
    if (t.level === 'error') return
    const timer = setTimeout(() => dismiss(t.key), AUTO_DISMISS_MS)
    return () => clearTimeout(timer)
  }, [t.key, t.level, dismiss])
  return (
    <div className={`toast ${t.level}`} role={t.level === 'error' ? 'alert' : 'status'}>
      <strong>{t.title}</strong>
      <p>{t.body}</p>
      <div className="row">
        {t.entityId ? (
          <button
            type="button"
            className="small"
            onClick={() => go({ screen: 'entity', entityId: t.entityId as string })}
          >
            Open entity
          </button>
        ) : null}
        <button
          type="button"
          className="small"
          onClick={() => dismiss(t.key)}
          aria-label={`Dismiss: ${t.title}`}
        >
          Dismiss
        </button>
      </div>
    </div>
  )
}

/** All toasts. */
export function Toasts(): ReactNode {
  const toasts = useToastsStore((s) => s.toasts)
  return (
    <div className="toasts" aria-label="Notifications" role="region">
      {toasts.map((t) => (
        <ToastItem key={t.key} toast={t} />
      ))}
    </div>
  )
}
