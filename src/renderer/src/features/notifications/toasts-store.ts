/**
 * In-app toasts: from main's 'notify' push and from the renderer's own checks (token nearly
 * expired, window closing with tokens pending). Each toast has a stable `key` so a repeated check
 * never stacks the same warning twice.
 */
import { create } from 'zustand'
import type { DeskNotification } from '../../../../shared/model'

/** A toast on screen. */
export type Toast = DeskNotification & { key: string }

type ToastState = {
  toasts: Toast[]
  /** Keys already shown (and maybe dismissed) in this session. */
  seen: Set<string>
  show: (toast: Toast) => void
  dismiss: (key: string) => void
}

/** Most toasts kept on screen at once; older ones drop off. */
export const MAX_TOASTS = 5

/** Toast stack. */
export const useToastsStore = create<ToastState>((set, get) => ({
  toasts: [],
  seen: new Set(),
  show(toast) {
    if (get().seen.has(toast.key)) return
    const seen = new Set(get().seen).add(toast.key)
    set({ seen, toasts: [...get().toasts, toast].slice(-MAX_TOASTS) })
  },
  dismiss(key) {
    set({ toasts: get().toasts.filter((t) => t.key !== key) })
  },
}))
