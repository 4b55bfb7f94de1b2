/**
 * Opening the settings file without ever losing it: when the file cannot be read (malformed
 * JSON, a value of the wrong type), it is moved aside as `settings.broken-<time>.json`, the desk
 * starts with defaults, and the caller is told so it can say so in the log and the UI.
 */
import { existsSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** What happened to an unreadable settings file. */
export type SettingsRecovery = { movedTo: string; reason: string } | null

/** Calls `open`; on failure moves `path` aside and calls it once more. */
export function openWithRecovery<T>(
  path: string,
  open: () => T,
  nowMs = Date.now(),
): { store: T; recovery: SettingsRecovery } {
  try {
    return { store: open(), recovery: null }
  } catch (err) {
    if (!existsSync(path)) throw err
    const movedTo = join(
      dirname(path),
      `settings.broken-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}.json`,
    )
    renameSync(path, movedTo)
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    return { store: open(), recovery: { movedTo, reason } }
  }
}
