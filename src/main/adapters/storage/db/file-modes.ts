/**
 * Private files: the data folder is 0700 and every file the desk writes in it 0600 (the database
 * and its WAL/SHM, logs, settings, locks), because they hold traveller e-mails and names.
 * Windows has no such modes (its ACLs follow the user profile): there these are no-ops.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

const POSIX = process.platform !== 'win32'

/** Creates `dir` (and parents) and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (POSIX) chmodSync(dir, 0o700)
}

/** Creates an empty file with mode 0600 unless it exists; makes an existing one 0600. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  if (POSIX) chmodSync(file, 0o600)
}

/** Makes the files that exist 0600 (e.g. a database's -wal and -shm after SQLite created them). */
export function privatiseFiles(...files: string[]): void {
  if (!POSIX) return
  for (const f of files) if (existsSync(f)) chmodSync(f, 0o600)
}
