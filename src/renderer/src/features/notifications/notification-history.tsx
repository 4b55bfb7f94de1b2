/**
 * The notification history: every toast the desk showed (newest first, with date and time in
 * CET/CEST), reopened from the header's "Notifications" button or with the `n` shortcut. Opening
 * it marks everything read; entries that were new stay marked "new" until it closes.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { create } from 'zustand'
import { Modal } from '../../lib/modal'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty } from '../../lib/ui'
import { useNavStore } from '../app/nav-store'
import { unreadCount, useToastsStore, type HistoryEntry } from './toasts-store'

/** Words and badge class per level. */
export const LEVEL_LABEL: Record<HistoryEntry['level'], { text: string; badge: string }> = {
  success: { text: 'Done', badge: 'ok' },
  info: { text: 'Info', badge: 'info' },
  warning: { text: 'Warning', badge: 'warn' },
  error: { text: 'Error', badge: 'bad' },
}

function Entry(props: { entry: HistoryEntry; isNew: boolean; onOpen: () => void }): ReactNode {
  const h = props.entry
  const go = useNavStore((s) => s.go)
  const route = h.action?.route ?? (h.entityId ? { screen: 'entity' as const, entityId: h.entityId } : null)
  return (
    <li className={`history-entry ${h.level}`}>
      <div className="row spread">
        <span>
          <span className={`badge ${LEVEL_LABEL[h.level].badge}`}>{LEVEL_LABEL[h.level].text}</span>{' '}
          <strong>{h.title}</strong> {props.isNew ? <span className="badge info">new</span> : null}
        </span>
        <span className="muted">{formatBusinessDateTime(h.atMs)}</span>
      </div>
      {h.body ? <p>{h.body}</p> : null}
      {route ? (
        <button
          type="button"
          className="small"
          onClick={() => {
            props.onOpen()
            go(route)
          }}
        >
          {h.action?.label ?? 'Open entity'}
        </button>
      ) : null}
    </li>
  )
}

/** The history dialog. */
export function NotificationHistoryDialog(props: { onClose: () => void }): ReactNode {
  const history = useToastsStore((s) => s.history)
  // What was unread when the dialog opened stays marked "new" while it is open.
  const [newKeys] = useState(
    () =>
      new Set(
        useToastsStore
          .getState()
          .history.filter((h) => !h.isRead)
          .map((h) => h.key),
      ),
  )
  useEffect(() => useToastsStore.getState().markAllRead(), [history])
  return (
    <Modal title="Notifications" onClose={props.onClose} wide>
      <div className="row spread">
        <p className="muted">
          {history.length === 0
            ? 'Nothing yet.'
            : `${history.length} notification${history.length === 1 ? '' : 's'}, newest first (CET/CEST).`}
        </p>
        <button
          type="button"
          className="small"
          disabled={history.length === 0}
          title={history.length === 0 ? 'There is nothing to clear' : undefined}
          onClick={() => useToastsStore.getState().clearHistory()}
        >
          Clear history
        </button>
      </div>
      {history.length === 0 ? (
        <Empty>Toasts the desk shows (results of your actions, warnings, failures) are kept here.</Empty>
      ) : (
        <ol className="history-list" aria-label="Notification history">
          {history.map((h) => (
            <Entry key={h.key} entry={h} isNew={newKeys.has(h.key)} onOpen={props.onClose} />
          ))}
        </ol>
      )}
    </Modal>
  )
}

/** The header button with the unread count; opens the history. */
export function NotificationsButton(): ReactNode {
  const unread = useToastsStore((s) => unreadCount(s.history))
  const isOpen = useNotificationsOpen((s) => s.isOpen)
  return (
    <>
      <button
        type="button"
        className={unread ? 'chip info' : 'chip'}
        aria-haspopup="dialog"
        aria-keyshortcuts="n"
        onClick={() => openNotifications(true)}
      >
        Notifications{unread ? ` · ${unread} new` : ''}
      </button>
      {isOpen ? <NotificationHistoryDialog onClose={() => openNotifications(false)} /> : null}
    </>
  )
}

/** Whether the history dialog is open (the `n` shortcut opens it from anywhere). */
export const useNotificationsOpen = create<{ isOpen: boolean }>(() => ({ isOpen: false }))

/** Opens or closes the history dialog. */
export function openNotifications(isOpen: boolean): void {
  useNotificationsOpen.setState({ isOpen })
}
