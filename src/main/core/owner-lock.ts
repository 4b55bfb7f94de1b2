/**
 * One owner per data folder and per database: the desk that holds the lock runs the scheduler and
 * writes; a second one refuses to start and says who holds it. A port, so the team desk (several
 * instances on one PostgreSQL, sharing work through leases) can replace the solo desk's lock.
 */
import { DeskError } from './errors/desk-error'

/** Who holds a lock. */
export type LockOwner = { pid: number; host: string; startedAtMs: number }

/** An exclusive claim on a data folder or a database. */
export interface OwnerLock {
  /** Takes the lock or throws StoreInUseError (with the holder, when known). */
  acquire(): Promise<void>
  /** Gives the lock up (idempotent). */
  release(): Promise<void>
  /** What is locked, in words ("data folder /home/…", "database postgres://…"). */
  readonly target: string
}

/** "10:02", or "Mon 1 Dec 10:02" when not today: the holder's start in the machine's local time. */
function startedText(startedAtMs: number, nowMs: number): string {
  const d = new Date(startedAtMs)
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
  return new Date(nowMs).toDateString() === d.toDateString()
    ? time
    : `${d.toDateString().slice(0, 10)} ${time}`
}

/** The store is held by another desk. */
export class StoreInUseError extends DeskError {
  constructor(
    readonly what: 'data folder' | 'database',
    readonly target: string,
    readonly owner: LockOwner | null,
    nowMs: number,
  ) {
    super(
      'conflict',
      `This ${what} is in use by another Faces Concur Desk (${
        owner
          ? `pid ${owner.pid}${what === 'database' && owner.host ? ` on ${owner.host}` : ''}, started ${startedText(owner.startedAtMs, nowMs)}`
          : 'its details could not be read'
      }). Open that desk, or stop it and start this one again (${target}).`,
    )
    this.name = 'StoreInUseError'
  }
}
