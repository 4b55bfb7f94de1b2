/**
 * The PushRelay port over PostgreSQL LISTEN/NOTIFY: one listening connection per instance on the
 * store's channel; announcements are JSON `{ from, channel, ids }` (ids only), a tick's pushes of
 * one channel go out as one NOTIFY (ids chunked below the 8,000-byte payload limit), and an
 * instance ignores its own. A dropped listener reconnects with back-off (1 s doubling to 30 s).
 */
import pg from 'pg'
import type { Logger } from '../../../logging/logger'
import type { PushRelay, RelayedPush } from '../../../core/team/push-relay'

/** Ids per NOTIFY: far below PostgreSQL's 8,000-byte payload limit for any id the desk makes. */
const IDS_PER_NOTIFY = 100

/** The NOTIFY channel of a store's schema (an identifier: quoted, so any schema name works). */
export const pushChannelOf = (schema: string): string => `desk_push_${schema}`.slice(0, 63)

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

const CHANNELS = new Set<RelayedPush['channel']>([
  'entity:updated',
  'entity:removed',
  'token:updated',
  'sync:run-updated',
  'log:appended',
])

/** Reads an announcement; null for anything malformed (another version, a stray NOTIFY). */
function parseAnnouncement(raw: string | undefined): { from: string; push: RelayedPush } | null {
  try {
    const v = JSON.parse(raw ?? '') as { from?: unknown; channel?: unknown; ids?: unknown }
    if (typeof v.from !== 'string' || !CHANNELS.has(v.channel as RelayedPush['channel'])) return null
    if (!Array.isArray(v.ids) || !v.ids.every((id) => typeof id === 'string')) return null
    return { from: v.from, push: { channel: v.channel as RelayedPush['channel'], ids: v.ids as string[] } }
  } catch {
    return null
  }
}

/** Starts listening; resolves once the first LISTEN is in place. */
export async function createPostgresPushRelay(deps: {
  url: string
  schema: string
  instanceId: string
  log: Logger
}): Promise<PushRelay> {
  const channel = pushChannelOf(deps.schema)
  const listeners = new Set<(push: RelayedPush) => void>()
  const pending = new Map<RelayedPush['channel'], Set<string>>()
  let client: pg.Client | null = null
  let closed = false
  let backoffMs = 1_000
  let flushQueued = false

  async function listen(): Promise<void> {
    const c = new pg.Client({ connectionString: deps.url })
    c.on('notification', (n) => {
      if (n.channel !== channel) return
      const a = parseAnnouncement(n.payload)
      if (!a || a.from === deps.instanceId) return
      for (const l of [...listeners]) l(a.push)
    })
    c.on('error', (err) => {
      deps.log.warn('team: the push listener lost its connection; reconnecting', { err })
      if (client === c) client = null
      c.end().catch(() => {})
      if (!closed) setTimeout(() => void reconnect(), backoffMs).unref()
      backoffMs = Math.min(backoffMs * 2, 30_000)
    })
    await c.connect()
    await c.query(`LISTEN ${quoteIdent(channel)}`)
    client = c
    backoffMs = 1_000
  }

  async function reconnect(): Promise<void> {
    if (closed || client) return
    await listen().catch((err: unknown) => {
      deps.log.warn('team: the push listener could not reconnect', { err })
      if (!closed) setTimeout(() => void reconnect(), backoffMs).unref()
      backoffMs = Math.min(backoffMs * 2, 30_000)
    })
  }

  function flush(): void {
    flushQueued = false
    const c = client
    if (!c) return void pending.clear()
    for (const [ch, ids] of pending) {
      const all = [...ids]
      for (let i = 0; i < all.length; i += IDS_PER_NOTIFY) {
        const payload = JSON.stringify({
          from: deps.instanceId,
          channel: ch,
          ids: all.slice(i, i + IDS_PER_NOTIFY),
        })
        c.query('SELECT pg_notify($1, $2)', [channel, payload]).catch((err: unknown) =>
          deps.log.warn('team: a push could not be announced to the other instances', { err }),
        )
      }
    }
    pending.clear()
  }

  await listen()
  return {
    publish(push) {
      if (closed) return
      let ids = pending.get(push.channel)
      if (!ids) pending.set(push.channel, (ids = new Set()))
      for (const id of push.ids) ids.add(id)
      if (!flushQueued) {
        flushQueued = true
        setImmediate(flush)
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      const c = client
      client = null
      await c?.end().catch(() => {})
    },
  }
}
