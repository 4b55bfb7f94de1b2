/**
 * Faces → Concur, the scheduler of pushes: whatever the outbox has due is pushed, at most one push
 * per traveller at a time; then it sleeps until the next item is due (at most a minute) or until
 * the feed wakes it.
 */
import type { OutboxItem } from '../outbox'
import type { EngineContext } from './engine-context'

/** The longest sleep between two looks at the outbox. */
const MAX_IDLE_MS = 60_000

/** The pusher's handle: the travellers being pushed (for `whenIdle`) and its wake-up call. */
export interface OutboxPusher {
  run(signal: AbortSignal): Promise<void>
  /** New work arrived: look at the outbox now. */
  wake(): void
  /** How many pushes are in flight. */
  readonly inFlight: number
}

/** Creates the pusher over a push function (faces-to-concur-push.ts). */
export function createOutboxPusher(
  ctx: EngineContext,
  push: (item: OutboxItem, signal: AbortSignal) => Promise<unknown>,
): OutboxPusher {
  const inFlight = new Set<string>()
  let wakeUp: (() => void) | null = null
  return {
    get inFlight() {
      return inFlight.size
    },
    wake: () => wakeUp?.(),
    async run(signal) {
      while (!signal.aborted) {
        const now = ctx.deps.clock.nowMs()
        for (const item of ctx.outbox.due(now)) {
          const k = `${item.companyId}/${item.travellerId}`
          if (inFlight.has(k)) continue
          inFlight.add(k)
          void ctx.track(push(item, signal).finally(() => inFlight.delete(k)))
        }
        const next = ctx.outbox.nextDueMs()
        const waitMs = next === null ? MAX_IDLE_MS : Math.max(1, Math.min(next - now, MAX_IDLE_MS))
        const wake = new AbortController()
        const onAbort = (): void => wake.abort()
        signal.addEventListener('abort', onAbort, { once: true })
        wakeUp = () => wake.abort()
        await ctx.deps.clock.wait(waitMs, wake.signal).catch(() => {})
        signal.removeEventListener('abort', onAbort)
      }
    },
  }
}
