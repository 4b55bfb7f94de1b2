/**
 * The storage port of the token desk: one JSON document (entities, or token metadata) that is read
 * once and replaced whole on every change. The file implementation writes atomically (temp file,
 * fsync, rename) so a crash leaves the old or the new document, never a torn one; tests use the
 * memory one or the file one on a temp dir.
 */
import { join } from 'node:path'
import { createDurableSlot, readDurableJson } from '../sync/durable-json'

/** A whole JSON document behind a port. Values are plain data; never a secret. */
export interface DocumentStore<T> {
  /** The stored document, or the fallback when none was written yet. A corrupt file throws. */
  load(): Promise<T>
  /** Replaces the document; resolves once it is durable. */
  save(value: T): Promise<void>
  /** Where the document lives, for diagnostics. */
  readonly location: string
}

/** A document in a JSON file under `dataDir` (write-file-atomic via the sync engine's durable-json helper). */
export function createJsonDocumentStore<T>(
  dataDir: string,
  fileName: string,
  fallback: () => T,
): DocumentStore<T> {
  const file = join(dataDir, fileName)
  const slot = createDurableSlot<T>(file)
  return {
    location: file,
    load: () => readDurableJson(file, fallback()),
    save: (value) => slot.save(value),
  }
}

/** A document held in memory (tests, and throwaway Sandbox runs). Stores deep copies, like a file would. */
export function createMemoryDocumentStore<T>(initial: T): DocumentStore<T> & { readonly current: T } {
  let current = structuredClone(initial)
  return {
    location: 'memory',
    get current() {
      return current
    },
    load: () => Promise.resolve(structuredClone(current)),
    save: (value) => {
      current = structuredClone(value)
      return Promise.resolve()
    },
  }
}
