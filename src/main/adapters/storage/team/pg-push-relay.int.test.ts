/**
 * Pushes across instances over a real PostgreSQL LISTEN/NOTIFY: what instance A pushes on its bus
 * reaches instance B as ids only, B re-reads and pushes it to its own browsers, B's re-read is not
 * announced back (no ping-pong), settings and notices stay local, and a malformed NOTIFY is ignored.
 */
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../core/clock'
import type { PushMessage } from '../../../../shared/contract'
import type { PushBus } from '../../../core/ports'
import { connectPushRelay, type PushRelay, type RelayedPush } from '../../../core/team/push-relay'
import { silentLogger } from '../../../logging/logger'
import { freshLocation } from '../test-backends.test-helper'
import { createPostgresPushRelay, pushChannelOf } from './pg-push-relay'

const fresh = freshLocation('postgres')
if (fresh.kind !== 'postgres') throw new Error('postgres expected')
const location = fresh
const relays: PushRelay[] = []
afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()))
})

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
}

async function instance(id: string) {
  const relay = await createPostgresPushRelay({
    url: location.url,
    schema: location.schema,
    instanceId: id,
    log: silentLogger,
  })
  relays.push(relay)
  // A bus as the app builds one (app/push-bus.ts; adapters may not import app/).
  const listeners = new Set<(m: PushMessage) => void>()
  const bus: PushBus = {
    emit: (channel, payload) => listeners.forEach((l) => l({ channel, payload } as PushMessage)),
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
  }
  const seen: PushMessage[] = []
  bus.subscribe((m) => void seen.push(m))
  const announced: RelayedPush[] = []
  relay.subscribe((p) => void announced.push(p))
  connectPushRelay({
    bus,
    relay,
    clock: systemClock,
    log: silentLogger,
    // The re-read: the entity's view from the shared store (here: a fixed view with the id).
    reread: async (push) => {
      for (const entityId of push.ids)
        if (push.channel === 'entity:removed') bus.emit('entity:removed', { entityId })
    },
  })
  return { bus, seen, announced }
}

describe('pushes across instances (LISTEN/NOTIFY)', () => {
  it('reach the other instance as ids only, are re-read there, and never bounce back', async () => {
    const a = await instance('a')
    const b = await instance('b')
    a.bus.emit('entity:removed', { entityId: 'e-42' })
    await until(() => b.seen.length > 0)
    expect(b.announced).toEqual([{ channel: 'entity:removed', ids: ['e-42'] }])
    expect(b.seen).toEqual([{ channel: 'entity:removed', payload: { entityId: 'e-42' } }])
    // B's re-read push is not announced again: A hears nothing back.
    await new Promise((r) => setTimeout(r, 100))
    expect(a.announced).toEqual([])
  })

  it('keeps local what is not shared state, and ignores malformed announcements', async () => {
    const a = await instance('a2')
    const b = await instance('b2')
    a.bus.emit('notify', { kind: 'info', title: 'Local only', body: '', key: 'k' } as never)
    const raw = new pg.Client({ connectionString: location.url })
    await raw.connect()
    await raw.query('SELECT pg_notify($1, $2)', [pushChannelOf(location.schema), 'not json'])
    await raw.query('SELECT pg_notify($1, $2)', [
      pushChannelOf(location.schema),
      JSON.stringify({ from: 'x', channel: 'settings:changed', ids: ['secret'] }),
    ])
    await raw.end()
    a.bus.emit('entity:removed', { entityId: 'after' })
    await until(() => b.announced.length > 0)
    expect(b.announced).toEqual([{ channel: 'entity:removed', ids: ['after'] }])
  })
})
