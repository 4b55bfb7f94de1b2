/**
 * Opening the settings file without ever losing it or the environment it names:
 * - after every good open and every write, a copy is kept as `settings.last-good.json` (0600);
 * - a file that cannot be read (malformed JSON, a value of the wrong type) is moved aside as
 *   `settings.broken-<time>.json`, never deleted, and the last good copy takes its place, so a
 *   production desk stays production with its endpoints;
 * - without a good copy the desk starts with defaults, but in production when the data folder
 *   holds a production store (a damaged file never switches a production desk to the Sandbox).
 * The caller is told what happened, for the log, the console and the UI banner.
 */
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DeskNotice } from '../../../shared/model'
import { privatiseFiles } from './db/file-modes'

/** What happened to an unreadable settings file. */
export type SettingsRecovery = {
  movedTo: string
  reason: string
  /** The last good copy that replaced it, or null when the desk started from defaults. */
  restoredFrom: string | null
  /** Set when defaults were used and the data folder says the desk runs in production. */
  environment: 'production' | null
} | null

/** The last-good copy beside a settings file. */
export const lastGoodPath = (path: string): string => join(dirname(path), 'settings.last-good.json')

/** Copies the settings file to its last-good copy when it is valid JSON (call after a good open or write). */
export function keepLastGood(path: string): void {
  try {
    JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return
  }
  copyFileSync(path, lastGoodPath(path))
  privatiseFiles(path, lastGoodPath(path))
}

/** Calls `open`; on failure moves `path` aside, restores the last good copy (or defaults) and opens again. */
export function openWithRecovery<T>(
  path: string,
  open: () => T,
  nowMs = Date.now(),
): { store: T; recovery: SettingsRecovery } {
  try {
    const store = open()
    if (existsSync(path)) keepLastGood(path)
    return { store, recovery: null }
  } catch (err) {
    if (!existsSync(path)) throw err
    const movedTo = join(
      dirname(path),
      `settings.broken-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}.json`,
    )
    renameSync(path, movedTo)
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    const good = lastGoodPath(path)
    if (existsSync(good)) {
      copyFileSync(good, path)
      privatiseFiles(path)
      try {
        return { store: open(), recovery: { movedTo, reason, restoredFrom: good, environment: null } }
      } catch {
        renameSync(path, `${movedTo}.last-good`)
      }
    }
    const production = existsSync(join(dirname(path), 'production', 'desk.sqlite'))
    return {
      store: open(),
      recovery: { movedTo, reason, restoredFrom: null, environment: production ? 'production' : null },
    }
  }
}

/** The banner and console words of a recovery. */
export function settingsRecoveryNotice(
  r: NonNullable<SettingsRecovery>,
  path: string,
  atMs: number,
): DeskNotice {
  const what = r.restoredFrom
    ? `The last good copy (${r.restoredFrom}) was put in its place: endpoints and schedule are as they were at its last save; check Settings for a change made since.`
    : r.environment === 'production'
      ? 'No good copy existed, so the desk started with default settings but stays in production (the data folder holds a production store): enter the Concur and Faces endpoints again in Settings.'
      : 'No good copy existed, so the desk started with default settings.'
  return {
    id: `settings-recovered-${atMs}`,
    level: 'warning',
    title: 'The settings file could not be read',
    body: `${path} could not be read (${r.reason}). It was kept as ${r.movedTo}. ${what}`,
    file: path,
    atMs,
  }
}
