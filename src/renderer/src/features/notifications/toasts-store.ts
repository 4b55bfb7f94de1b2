/**
 * What the desk told the user: toasts on screen and the notification history behind them. Toasts
 * come from main's 'notify' push, from the renderer's own checks (token nearly expired, window
 * closing with tokens pending, a credential that died) and from every user action (success and
 * failure). Each has a stable `key` so a repeated check never stacks the same warning twice.
 * The store is the source of truth; `toasts.tsx` mirrors it into sonner. The history (newest
 * first) survives a reload of the page (localStorage), so a toast missed is never lost.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { DeskNotification } from '../../../../shared/model'
import { persistStorage } from '../../lib/persist-storage'
import type { Route } from '../app/nav-store'

/** How loud a toast is: `success` is the renderer's own (main's notifications are info/warning/error). */
export type ToastLevel = DeskNotification['level'] | 'success'

/** A toast on screen (and later an entry of the history). */
export type Toast = Omit<DeskNotification, 'level'> & {
  level: ToastLevel
  key: string
  /** A button that opens a screen (besides "Open entity" when `entityId` is set). */
  action?: { label: string; route: Route }
}

/** One remembered notification. */
export type HistoryEntry = Toast & { isRead: boolean }

type ToastState = {
  /** On screen now, oldest first. */
  toasts: Toast[]
  /** Keys already shown (and maybe dismissed) in this session. */
  seen: Set<string>
  /** Every notification, newest first, capped at MAX_HISTORY. */
  history: HistoryEntry[]
  show: (toast: Toast) => void
  /** Takes a toast off the screen; it stays in the history. */
  dismiss: (key: string) => void
  markAllRead: () => void
  clearHistory: () => void
}

/** Most toasts kept on screen at once; older ones drop off (they stay in the history). */
export const MAX_TOASTS = 5
/** Most notifications the history keeps. */
export const MAX_HISTORY = 200
/** The localStorage key of the history (bump the suffix when the entry shape changes). */
export const HISTORY_STORAGE_KEY = 'faces-concur-desk.notifications.v1'

/** Toast stack and notification history. */
export const useToastsStore = create<ToastState>()(
  persist(
    (set, get) => ({
      toasts: [],
      seen: new Set(),
      history: [],
      show(toast) {
        if (get().seen.has(toast.key)) return
        const seen = new Set(get().seen).add(toast.key)
        set({
          seen,
          toasts: [...get().toasts, toast].slice(-MAX_TOASTS),
          history: [{ ...toast, isRead: false }, ...get().history].slice(0, MAX_HISTORY),
        })
      },
      dismiss(key) {
        if (!get().toasts.some((t) => t.key === key)) return
        set({ toasts: get().toasts.filter((t) => t.key !== key) })
      },
      markAllRead() {
        if (get().history.every((h) => h.isRead)) return
        set({ history: get().history.map((h) => (h.isRead ? h : { ...h, isRead: true })) })
      },
      clearHistory() {
        set({ history: [] })
      },
    }),
    {
      name: HISTORY_STORAGE_KEY,
      storage: persistStorage<Pick<ToastState, 'history'>>(),
      partialize: (s) => ({ history: s.history }),
      // Keys of remembered notifications count as seen: a reload does not raise them again.
      merge: (persisted, current) => {
        const history = (persisted as { history?: HistoryEntry[] } | undefined)?.history ?? []
        return { ...current, history, seen: new Set([...current.seen, ...history.map((h) => h.key)]) }
      },
    },
  ),
)

/** Unread notifications in the history. */
export function unreadCount(history: readonly HistoryEntry[]): number {
  let n = 0
  for (const h of history) if (!h.isRead) n++
  return n
}
