/**
 * Small durable JSON documents (watermarks, outbox, traveller state): each write goes to a temp
 * file, is fsynced and renamed over the old one, so a crash or kill leaves either the old or the
 * new document, never a torn one. Deliberately not electron-store: its clearInvalidConfig wipes
 * the whole file after one bad write, and losing a watermark means a silent full resync.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import writeFileAtomic from 'write-file-atomic'

/** Reads a JSON document; `fallback` when the file does not exist yet. A corrupt file throws (never silently reset). */
export async function readDurableJson<T>(file: string, fallback: T): Promise<T> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw err
  }
  return JSON.parse(text) as T
}

/** Folders already created by this process (a recursive mkdir per write is a needless syscall). */
const madeDirs = new Set<string>()

/** Writes a JSON document atomically (temp file + fsync + rename), readable by the user only. */
export async function writeDurableJson(file: string, value: unknown): Promise<void> {
  await writeDurableText(file, JSON.stringify(value))
}

/** Creates `dir` (and its parents) unless this process already did. */
export async function ensureDir(dir: string): Promise<void> {
  if (madeDirs.has(dir)) return
  await mkdir(dir, { recursive: true })
  madeDirs.add(dir)
}

/** Writes already serialised JSON atomically (temp file + fsync + rename), readable by the user only. */
export async function writeDurableText(file: string, text: string): Promise<void> {
  const dir = dirname(file)
  await ensureDir(dir)
  try {
    await writeFileAtomic(file, text, { fsync: true, mode: 0o600 })
  } catch (err) {
    // The folder may have been removed underneath us (a data-dir reset): create it again once.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    madeDirs.delete(dir)
    await ensureDir(dir)
    await writeFileAtomic(file, text, { fsync: true, mode: 0o600 })
  }
}

/**
 * Serialises writes to one file: callers may save often; at most one write runs and the latest
 * value wins, so a slow disk never reorders an older document over a newer one.
 */
export function createDurableSlot<T>(file: string): {
  save(value: T): Promise<void>
  idle(): Promise<void>
  /** Test hook emulating a killed process: later saves are dropped (a write already under way still lands or not, atomically). */
  freeze(): void
  readonly file: string
} {
  let running: Promise<void> | null = null
  let queued: { value: T; waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> } | null =
    null
  const pump = (): void => {
    if (running || !queued) return
    const { value, waiters } = queued
    queued = null
    running = writeDurableJson(file, value).then(
      () => waiters.forEach((w) => w.resolve()),
      (err) => waiters.forEach((w) => w.reject(err)),
    )
    void running.finally(() => {
      running = null
      pump()
    })
  }
  let frozen = false
  return {
    file,
    freeze() {
      frozen = true
      // The dropped write's callers carry on as if it happened: in a real kill they would be gone.
      queued?.waiters.forEach((w) => w.resolve())
      queued = null
    },
    async idle() {
      while (running || queued) await (running ?? Promise.resolve()).catch(() => {})
    },
    save(value) {
      if (frozen) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        if (queued) {
          queued.value = value
          queued.waiters.push({ resolve, reject })
        } else queued = { value, waiters: [{ resolve, reject }] }
        pump()
      })
    },
  }
}
