/**
 * The data folder's owner lock (OwnerLock port) with proper-lockfile: an exclusive lock directory
 * (`desk.lock`, atomic mkdir, kept fresh every few seconds) and beside it `desk.lock.owner.json`
 * (pid, host, start). The owner file is not inside the lock directory: proper-lockfile removes the
 * directory on any exit (a crash included) and can only remove an empty one. A lock whose holder is a dead process on this machine (a kill, a crash) is taken over
 * at once; one from another machine (a shared folder) only when proper-lockfile finds it stale.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import type { Logger } from '../../../logging/logger'
import { StoreInUseError, type LockOwner, type OwnerLock } from '../../../core/owner-lock'

/** Options of the folder lock. */
export type FolderLockOptions = {
  /** The folder (or file) the lock guards. */
  target: string
  /** The lock directory. @default `<target>/desk.lock` */
  lockPath?: string
  what?: 'data folder' | 'database'
  log: Logger
  nowMs?: () => number
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Where the holder of a lock directory is recorded. */
export const ownerFileOf = (lockPath: string): string => `${lockPath}.owner.json`

/** Reads the holder recorded for a lock directory, or null. */
export function readLockOwner(lockPath: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(ownerFileOf(lockPath), 'utf8')) as Partial<LockOwner>
    return typeof v.pid === 'number' && typeof v.startedAtMs === 'number'
      ? { pid: v.pid, host: typeof v.host === 'string' ? v.host : '', startedAtMs: v.startedAtMs }
      : null
  } catch {
    return null
  }
}

/** Creates the lock; nothing happens until `acquire`. */
export function createFolderOwnerLock(options: FolderLockOptions): OwnerLock {
  const lockPath = options.lockPath ?? join(options.target, 'desk.lock')
  const nowMs = options.nowMs ?? Date.now
  const what = options.what ?? 'data folder'
  let release: (() => Promise<void>) | null = null
  return {
    target: options.target,
    async acquire() {
      if (release) return
      const holder = readLockOwner(lockPath)
      // A holder that died on this machine cannot keep the lock fresh, nor come back: take it now.
      if (
        existsSync(lockPath) &&
        holder &&
        holder.host === hostname() &&
        holder.pid !== process.pid &&
        !isAlive(holder.pid)
      )
        rmSync(lockPath, { recursive: true, force: true })
      try {
        release = await lockfile.lock(options.target, {
          lockfilePath: lockPath,
          realpath: false,
          stale: 10_000,
          onCompromised: (err) =>
            options.log.error('lock: the data folder lock was taken over or removed', { lockPath, err }),
        })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ELOCKED')
          throw new StoreInUseError(what, options.target, readLockOwner(lockPath), nowMs())
        throw err
      }
      const owner: LockOwner = { pid: process.pid, host: hostname(), startedAtMs: nowMs() }
      if (process.platform !== 'win32') chmodSync(lockPath, 0o700)
      writeFileSync(ownerFileOf(lockPath), JSON.stringify(owner), { mode: 0o600 })
    },
    async release() {
      const r = release
      release = null
      if (!r) return
      await r().catch(() => {})
      rmSync(ownerFileOf(lockPath), { force: true })
    },
  }
}
