/**
 * The diagnostic log on disk: one file per day under `<data>/logs`, kept 14 days (Concur asks for
 * at least 7 days of correlation ids). Lines arrive already redacted from the logger. The folder is
 * 0700 and each file 0600: lines name travellers and entities.
 */
import { appendFileSync, chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { LogSink } from './logger'

const KEEP_DAYS = 14

/** A sink that appends to `desk-YYYY-MM-DD.log` in `dir`, optionally echoing to stderr. */
export function createFileLogSink(dir: string, opts: { echo?: boolean } = {}): LogSink {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (process.platform !== 'win32') chmodSync(dir, 0o700)
  let pruned = ''
  return (level, line) => {
    const day = new Date().toISOString().slice(0, 10)
    if (pruned !== day) {
      pruned = day
      pruneOldLogs(dir, day)
    }
    try {
      appendFileSync(join(dir, `desk-${day}.log`), line + '\n', { mode: 0o600 })
    } catch {
      // A full disk must not crash the desk; the line is lost, the sync is not.
    }
    if (opts.echo || level === 'error') process.stderr.write(line + '\n')
  }
}

function pruneOldLogs(dir: string, today: string): void {
  const cutoff = new Date(Date.parse(today) - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10)
  for (const name of readdirSync(dir)) {
    const m = /^desk-(\d{4}-\d{2}-\d{2})\.log$/.exec(name)
    if (m && m[1]! < cutoff) rmSync(join(dir, name), { force: true })
  }
}
