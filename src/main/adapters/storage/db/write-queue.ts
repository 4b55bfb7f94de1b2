/**
 * Group commit: writes queued while a transaction runs are committed together in the next one,
 * in order, so a burst of small writes (one traveller's write-ahead each) costs one commit, and a
 * caller's promise resolves only once its write is committed. `freeze` emulates a killed process
 * for the fault suite: queued writes are dropped (their callers carry on, as if the process had
 * died before they noticed), a transaction already running commits or not, atomically.
 */
import type { Kysely, Transaction } from 'kysely'
import type { DeskSchema } from './desk-schema'

/** One write inside the batch's transaction. */
export type WriteOp = (trx: Transaction<DeskSchema>) => Promise<void>

/** A serial, batching writer over one database. */
export type WriteQueue = {
  run(op: WriteOp): Promise<void>
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>
  freeze(): void
  readonly frozen: boolean
}

type Waiter = { resolve: () => void; reject: (e: unknown) => void }

/** Creates a queue; `maxBatch` bounds one transaction's size. */
export function createWriteQueue(db: Kysely<DeskSchema>, maxBatch = 500): WriteQueue {
  let queue: Array<{ op: WriteOp; waiter: Waiter }> = []
  let running: Promise<void> | null = null
  let frozen = false
  let scheduled = false

  // Writes queued in the same turn of the event loop share one transaction.
  const schedule = (): void => {
    if (scheduled || running) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      pump()
    })
  }

  const pump = (): void => {
    if (running || queue.length === 0 || frozen) return
    const batch = queue.splice(0, maxBatch)
    running = db
      .transaction()
      .execute(async (trx) => {
        for (const item of batch) await item.op(trx)
      })
      .then(
        () => batch.forEach((b) => b.waiter.resolve()),
        (err: unknown) => batch.forEach((b) => b.waiter.reject(err)),
      )
      .finally(() => {
        running = null
        pump()
      })
  }

  return {
    get frozen() {
      return frozen
    },
    run(op) {
      if (frozen) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        queue.push({ op, waiter: { resolve, reject } })
        schedule()
      })
    },
    async idle() {
      while (running || (queue.length > 0 && !frozen))
        await (running ?? new Promise<void>((r) => setImmediate(r))).catch(() => {})
    },
    freeze() {
      frozen = true
      for (const item of queue) item.waiter.resolve()
      queue = []
    },
  }
}
