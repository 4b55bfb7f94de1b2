/** The sync engine's tunables and their defaults (production values; tests and the benchmark shrink some). */

/** Tunables; defaults suit production. */
export type SyncEngineOptions = {
  /** Re-read this far before the watermark: LastModifiedDate has 1 s resolution and clocks differ. @default 120000 */
  overlapMs?: number
  /** Profiles processed (in parallel) between two watermark checkpoints. @default 50 */
  chunkSize?: number
  /** Summary page size. @default 200 */
  itemsPerPage?: number
  /** Poll interval used for catch-up decisions. @default 900000 (15 min) */
  intervalMs?: number
  /** Long-poll wait of the Faces change feed. @default 25000 */
  feedWaitMs?: number
  /** First backoff of a failed push (and of a failing change feed); doubles up to maxPushBackoffMs. @default 2000 */
  pushBackoffMs?: number
  /** @default 300000 */
  maxPushBackoffMs?: number
  /** Run the Faces change feed and outbox pusher. @default true */
  facesToConcur?: boolean
  /** Throttle for progress pushes. @default 250 */
  progressEveryMs?: number
  /**
   * Entity polls that run at once; the rest wait as 'queued'. Bounds memory (each running poll
   * holds its change list and queued profile tasks) without starving the request gate. @default 16
   */
  maxConcurrentPolls?: number
}

/** The options with every default filled in. */
export type ResolvedEngineOptions = Required<SyncEngineOptions>

/** Fills in the defaults. */
export function resolveEngineOptions(o: SyncEngineOptions = {}): ResolvedEngineOptions {
  return {
    overlapMs: o.overlapMs ?? 120_000,
    chunkSize: Math.max(1, o.chunkSize ?? 50),
    itemsPerPage: o.itemsPerPage ?? 200,
    intervalMs: o.intervalMs ?? 15 * 60_000,
    feedWaitMs: o.feedWaitMs ?? 25_000,
    pushBackoffMs: o.pushBackoffMs ?? 2_000,
    maxPushBackoffMs: o.maxPushBackoffMs ?? 300_000,
    facesToConcur: o.facesToConcur ?? true,
    progressEveryMs: o.progressEveryMs ?? 250,
    maxConcurrentPolls: Math.max(1, o.maxConcurrentPolls ?? 16),
  }
}
