/**
 * The data folder's owner lock under Electron. The single-instance lock already hands a second
 * Electron launch to the first one; this covers a desk in service mode (or another Electron build)
 * on the same folder: the app says who holds it and offers to open that desk (a service-mode
 * desk answers `--new-link` over its private socket, so its page opens in the browser).
 */
import { dialog } from 'electron'
import { openExternalLink } from './desk-window'
import { parseExternalUrl } from './external-url'
import type { OwnerLock } from '../../core/owner-lock'
import { StoreInUseError } from '../../core/owner-lock'
import type { Logger } from '../../logging/logger'
import { requestNewLink } from '../http-service/link-control'

/** Takes the lock; false (after telling the user, and opening the other desk if asked) when another desk holds it. */
export async function takeDataFolder(lock: OwnerLock, dataDir: string, log: Logger): Promise<boolean> {
  try {
    await lock.acquire()
    return true
  } catch (err) {
    if (!(err instanceof StoreInUseError)) throw err
    log.warn('start: the data folder is in use by another desk', { dataDir, owner: err.owner })
    const link = await requestNewLink(dataDir).catch(() => null)
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Faces Concur Desk is already running',
      message: err.message,
      detail: link
        ? 'That desk runs in service mode: open it in your browser.'
        : 'Switch to that desk (it may be in another window or on another user session), or stop it and start this one again.',
      buttons: link ? ['Open the running desk', 'Quit'] : ['Quit'],
      defaultId: 0,
      cancelId: link ? 1 : 0,
    })
    const url = link ? parseExternalUrl(link) : null
    if (url && response === 0) openExternalLink(url, log)
    return false
  }
}
