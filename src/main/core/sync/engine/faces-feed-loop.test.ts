import { describe, expect, it, vi } from 'vitest'
import type { FacesChange, FacesClient } from '../../faces/faces-client'
import { FacesError } from '../../faces/faces-error'
import { createTestContext, ENTITY } from './engine-fakes.test-helper'
import { isOwnWrite, runFeedLoop } from './faces-feed-loop'

const change = (
  seq: number,
  travellerId: string,
  version: number,
  origin: FacesChange['origin'],
): FacesChange => ({
  seq,
  companyId: ENTITY.facesCompanyId,
  travellerId,
  concurLoginId: `${travellerId}@acme.test`,
  version,
  atMs: 0,
  origin,
})

/** A change feed answering from a script; once the script is spent it holds until the loop stops. */
function scriptedFeed(script: Array<Error | { changes: FacesChange[]; nextCursor: number }>) {
  const cursors: number[] = []
  const changes: FacesClient['changes'] = (cursor, options) => {
    cursors.push(cursor)
    const next = script.shift()
    if (next instanceof Error) return Promise.reject(next)
    if (next) return Promise.resolve(next)
    return new Promise((_, reject) =>
      options?.signal?.addEventListener('abort', () => reject(new FacesError('cancelled', 'stop'))),
    )
  }
  return { changes, cursors }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('Faces change feed loop', () => {
  it('knows the desk’s own write by its Faces version', async () => {
    const { ctx } = await createTestContext()
    const st = await ctx.loadState(ENTITY.id)
    st.travellers['ann@acme.test'] = { facesVersion: 3 } as never
    ctx.facesIndex.set('f-1', { entityId: ENTITY.id, key: 'ann@acme.test' })
    expect(isOwnWrite(ctx, change(1, 'f-1', 3, 'api'))).toBe(true)
    expect(isOwnWrite(ctx, change(1, 'f-1', 4, 'api'))).toBe(false)
    expect(isOwnWrite(ctx, change(1, 'f-1', 3, 'user'))).toBe(false)
    expect(isOwnWrite(ctx, change(1, 'f-9', 3, 'api'))).toBe(false)
  })

  it('backs off after a failure, then queues every change but the desk’s echoes with the new cursor', async () => {
    const t = await createTestContext({ options: { pushBackoffMs: 1_000 } })
    const st = await t.ctx.loadState(ENTITY.id)
    st.travellers['own'] = { facesVersion: 7 } as never
    t.ctx.facesIndex.set('f-own', { entityId: ENTITY.id, key: 'own' })
    const feed = scriptedFeed([
      new FacesError('offline', 'The desk cannot reach Faces.', { retryable: true }),
      { changes: [change(1, 'f-own', 7, 'api'), change(2, 'f-ann', 2, 'user')], nextCursor: 2 },
    ])
    t.ctx.deps.faces.changes = feed.changes
    let woken = 0
    const stop = new AbortController()
    const loop = runFeedLoop(t.ctx, stop.signal, () => woken++)
    await tick()
    expect(feed.cursors).toEqual([0])
    await t.clock.advance(1_999)
    expect(feed.cursors).toEqual([0])
    await t.clock.advance(1)
    // The outbox writes the page to disk before the pusher is woken.
    await vi.waitFor(() => expect(woken).toBe(1))
    expect(t.ctx.outbox.all().map((i) => i.travellerId)).toEqual(['f-ann'])
    expect(t.ctx.outbox.cursor).toBe(2)
    expect(t.ctx.counters.echoesSuppressed).toBe(1)
    expect(woken).toBe(1)
    expect(feed.cursors).toEqual([0, 0, 2])
    stop.abort()
    await loop
  })
})
