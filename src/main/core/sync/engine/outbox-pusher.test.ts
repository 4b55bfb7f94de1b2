import { describe, expect, it } from 'vitest'
import type { OutboxItem } from '../outbox'
import { createTestContext, ENTITY } from './engine-fakes.test-helper'
import { createOutboxPusher } from './outbox-pusher'

const tick = () => new Promise((r) => setImmediate(r))

describe('outbox pusher', () => {
  it('pushes each due traveller once at a time, and looks again when woken', async () => {
    const t = await createTestContext()
    const pushed: string[] = []
    const holds: Array<() => void> = []
    const pusher = createOutboxPusher(t.ctx, (item: OutboxItem) => {
      pushed.push(item.travellerId)
      return new Promise<void>((resolve) => holds.push(resolve))
    })
    const accept = (travellerId: string, seq: number) =>
      t.ctx.outbox.accept(
        [{ companyId: ENTITY.facesCompanyId, travellerId, concurLoginId: null, seq }],
        seq,
        t.clock.nowMs(),
      )
    await accept('f-1', 1)
    const stop = new AbortController()
    const loop = pusher.run(stop.signal)
    await tick()
    expect(pushed).toEqual(['f-1'])
    expect(pusher.inFlight).toBe(1)
    // A newer change of the same traveller while its push is in flight waits for it.
    await accept('f-1', 2)
    await accept('f-2', 3)
    pusher.wake()
    await tick()
    expect(pushed).toEqual(['f-1', 'f-2'])
    holds.forEach((h) => h())
    await tick()
    expect(pusher.inFlight).toBe(0)
    stop.abort()
    await loop
  })
})
