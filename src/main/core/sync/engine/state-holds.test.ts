import { describe, expect, it } from 'vitest'
import { emptyEntityState, type EntitySyncState, type SyncStateStore } from '../sync-state'
import { createStateHolds } from './state-holds'

/** A store whose re-read replaces the cached state (as rows another instance wrote would) when released. */
function storeWithRereads() {
  let cached: EntitySyncState = emptyEntityState()
  const rereads: Array<() => void> = []
  const store = {
    load: async () => cached,
    refresh: () =>
      new Promise<void>((resolve) =>
        rereads.push(() => {
          cached = { ...emptyEntityState(), watermarkMs: 42 }
          resolve()
        }),
      ),
  } as unknown as SyncStateStore
  return { store, rereads, cached: () => cached }
}

describe('state holds', () => {
  it('never re-reads on a solo desk', async () => {
    const s = storeWithRereads()
    const holds = createStateHolds(s.store, false)
    const release = holds.hold('e1')
    expect((await holds.load('e1', true)).watermarkMs).toBeNull()
    expect(s.rereads).toHaveLength(0)
    release()
  })

  it('re-reads for the only holder, and a load meanwhile gets the re-read state', async () => {
    const s = storeWithRereads()
    const holds = createStateHolds(s.store, true)
    const release = holds.hold('e1')
    const fresh = holds.load('e1', true)
    await Promise.resolve()
    const other = holds.load('e1', false)
    expect(s.rereads).toHaveLength(1)
    s.rereads[0]!()
    expect((await fresh).watermarkMs).toBe(42)
    // The second load waited for the re-read: nobody keeps the replaced object.
    expect(await other).toBe(s.cached())
    release()
  })

  it('keeps the cached state while someone else here holds it', async () => {
    const s = storeWithRereads()
    const holds = createStateHolds(s.store, true)
    const poll = holds.hold('e1')
    const push = holds.hold('e1')
    expect((await holds.load('e1', true)).watermarkMs).toBeNull()
    expect(s.rereads).toHaveLength(0)
    poll()
    poll() // a second release of the same hold counts once
    const after = holds.load('e1', true)
    await Promise.resolve()
    expect(s.rereads).toHaveLength(1)
    s.rereads[0]!()
    expect((await after).watermarkMs).toBe(42)
    push()
  })
})
