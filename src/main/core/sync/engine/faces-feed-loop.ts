/**
 * Faces → Concur, first half: follows the Faces change feed (long polls) and writes every change
 * into the durable outbox together with the new cursor, dropping the echoes of the desk's own
 * writes by their Faces version (no read needed). A failing feed is retried forever with backoff.
 */
import { backoffMs } from '../../errors/retry-call'
import type { FacesChange } from '../../faces/faces-client'
import type { EngineContext } from './engine-context'

/** True when a feed entry is the desk's own write (same traveller version it wrote or read): an echo. */
export function isOwnWrite(ctx: Pick<EngineContext, 'facesIndex' | 'store'>, c: FacesChange): boolean {
  if (c.origin !== 'api') return false
  const where = ctx.facesIndex.get(c.travellerId)
  if (!where) return false
  const t = ctx.store.peek(where.entityId)?.travellers[where.key]
  return t !== undefined && t.facesVersion === c.version
}

/** Reads the feed until `signal` aborts; `wake` tells the pusher that new work is due. */
export async function runFeedLoop(ctx: EngineContext, signal: AbortSignal, wake: () => void): Promise<void> {
  const { deps, outbox, options, log } = ctx
  let failures = 0
  while (!signal.aborted) {
    try {
      const page = await deps.faces.changes(outbox.cursor, { waitMs: options.feedWaitMs, signal })
      failures = 0
      if (signal.aborted) return
      const wanted = page.changes.filter((c) => {
        if (!isOwnWrite(ctx, c)) return true
        ctx.counters.echoesSuppressed++
        return false
      })
      if (page.nextCursor !== outbox.cursor || wanted.length > 0) {
        await outbox.accept(
          wanted.map((c) => ({
            companyId: c.companyId,
            travellerId: c.travellerId,
            concurLoginId: c.concurLoginId,
            seq: c.seq,
          })),
          page.nextCursor,
          deps.clock.nowMs(),
        )
        if (wanted.length > 0) wake()
      }
    } catch (err) {
      if (signal.aborted) return
      failures++
      log.warn('feed: reading the Faces change feed failed', { failures, err })
      const waitMs = backoffMs(failures + 1, {
        baseMs: options.pushBackoffMs,
        maxMs: options.maxPushBackoffMs,
        random: () => 1,
      })
      await deps.clock.wait(waitMs, signal).catch(() => {})
    }
  }
}
