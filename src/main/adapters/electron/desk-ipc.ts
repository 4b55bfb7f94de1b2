/**
 * The IPC door: one `desk:call` handler for every request channel and one `desk:push` message for
 * every push. Payload validation happens in the dispatcher (zod), the sender check happens here.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../../../shared/channels'
import { fail, type Result } from '../../../shared/result'
import type { Dispatch, PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'
import { isAppUrl } from './app-origin'

/**
 * True only for calls from our window's main frame showing our `app://desk` page.
 *
 * A frame inside the page, another window, or our window after a (denied, but still) navigation
 * away must never reach the handlers.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false
  if (event.sender !== window.webContents) return false
  const frame = event.senderFrame
  // Only the top frame: a frame without a parent in our own web contents is its main frame.
  if (!frame || frame.parent !== null) return false
  return isAppUrl(frame.url)
}

/** What the IPC registration needs. */
export type DeskIpcDeps = {
  /** The current desk window, or null while none is open. */
  getWindow(): BrowserWindow | null
  dispatch: Dispatch
  log: Logger
}

/** Registers the `desk:call` handler; returns the function that removes it. */
export function registerDeskIpc(deps: Readonly<DeskIpcDeps>): () => void {
  const log = deps.log.child('ipc')
  ipcMain.handle(
    IPC_CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, deps.getWindow())) {
        log.warn('call: refused a request from an unknown sender')
        return fail({
          kind: 'invalid-input',
          message: 'This request did not come from the desk window and was refused.',
        })
      }
      return deps.dispatch(channel, input)
    },
  )
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL)
}

/** Forwards every push on `bus` to the desk window; returns the unsubscribe function. */
export function forwardPushesToWindow(bus: PushBus, getWindow: () => BrowserWindow | null): () => void {
  return bus.subscribe((message) => {
    const window = getWindow()
    if (!window || window.isDestroyed()) return
    window.webContents.send(IPC_PUSH_CHANNEL, message)
  })
}
