/**
 * SQLite's full integrity check (PRAGMA quick_check) on a worker thread over a read-only
 * connection: it reads every page, seconds on a store with a million log records, and
 * better-sqlite3 is synchronous, so on the main thread it would hold the event loop (and the
 * desk's start) that long. WAL lets the check read while the desk writes on.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The worker: opens the file read-only and answers with quick_check's verdict ("ok" or the problems). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.modulePath)
let verdict
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 })
  // Each page is read once: a cache would only hold memory (the build's default is 16 MB).
  db.pragma('cache_size = -1000')
  try { verdict = String(db.pragma('quick_check', { simple: true })) } finally { db.close() }
} catch (err) {
  verdict = String(err && err.message ? err.message : err)
}
parentPort.postMessage(verdict)
`

/** A running check: its verdict, and a way to stop it (the store closes). */
export type BackgroundCheck = { verdict: Promise<string | null>; stop(): Promise<void> }

/** Starts quick_check over `file` on a worker thread; the verdict is "ok", the problems found, or null when stopped. */
export function startBackgroundCheck(file: string): BackgroundCheck {
  // Resolved here (the bundle keeps the native module external), so the worker finds the same copy.
  const modulePath = createRequire(__filename).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, modulePath } })
  worker.unref()
  let stopped = false
  const verdict = new Promise<string | null>((resolve) => {
    worker.once('message', (m: unknown) => resolve(String(m)))
    worker.once('error', (err: Error) => resolve(stopped ? null : err.message))
    worker.once('exit', () => resolve(null))
  })
  return {
    verdict,
    async stop() {
      stopped = true
      await worker.terminate()
    },
  }
}
