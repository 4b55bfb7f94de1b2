/** Native notifications for `notify` pushes (the page itself is denied the Notification permission). */
import { Notification } from 'electron'
import type { DeskNotification } from '../../../shared/model'

/** Shows `n` as a native notification; clicking it calls `onClick`. Returns false when unsupported. */
export function showDeskNotification(n: DeskNotification, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({
    title: n.title,
    body: n.body,
    silent: n.level === 'info',
    urgency: n.level === 'error' ? 'critical' : 'normal',
  })
  notification.on('click', () => onClick())
  notification.show()
  return true
}
