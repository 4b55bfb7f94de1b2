/**
 * The toasts (bottom right), drawn by sonner from the toasts store: errors stay until dismissed,
 * warnings 15 s, the rest 6–8 s (paused while hovered or focused). A toast about an entity has
 * "Open entity"; dismissing or timing out takes it off the screen, never out of the history.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { toast as sonner, Toaster, type ExternalToast } from 'sonner'
import { useNavStore } from '../app/nav-store'
import { MAX_TOASTS, useToastsStore, type Toast } from './toasts-store'

/** How long each level stays on screen. */
export const TOAST_DURATION_MS: Record<Toast['level'], number> = {
  success: 6_000,
  info: 8_000,
  warning: 15_000,
  error: Number.POSITIVE_INFINITY,
}

function publish(t: Toast): void {
  const dismiss = (): void => useToastsStore.getState().dismiss(t.key)
  const go = useNavStore.getState().go
  const route = t.action?.route ?? (t.entityId ? { screen: 'entity' as const, entityId: t.entityId } : null)
  const options: ExternalToast = {
    id: t.key,
    description: t.body || undefined,
    duration: TOAST_DURATION_MS[t.level],
    closeButton: true,
    onDismiss: dismiss,
    onAutoClose: dismiss,
    className: `desk-toast ${t.level}`,
    ...(route
      ? {
          action: {
            label: t.action?.label ?? 'Open entity',
            onClick: () => {
              go(route)
              dismiss()
            },
          },
        }
      : {}),
  }
  sonner[t.level](t.title, options)
}

/** The toaster plus the bridge from the store. */
export function Toasts(): ReactNode {
  const toasts = useToastsStore((s) => s.toasts)
  const sent = useRef(new Set<string>())
  useEffect(() => {
    const current = new Set(toasts.map((t) => t.key))
    for (const t of toasts) {
      if (sent.current.has(t.key)) continue
      sent.current.add(t.key)
      publish(t)
    }
    for (const key of sent.current) {
      if (current.has(key)) continue
      sent.current.delete(key)
      sonner.dismiss(key)
    }
  }, [toasts])
  // A remounted toaster starts empty: publish what is on screen again.
  useEffect(() => () => sent.current.clear(), [])
  return (
    <Toaster
      position="bottom-right"
      theme="system"
      richColors
      closeButton
      visibleToasts={MAX_TOASTS}
      expand
      containerAriaLabel="Notifications"
      toastOptions={{ closeButtonAriaLabel: 'Dismiss notification' }}
    />
  )
}
