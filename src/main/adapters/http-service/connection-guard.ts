/**
 * Caps open connections per client address and in total, so a flood of connections that never
 * finish their headers cannot use up the process's file descriptors and lock the real client out.
 *
 * At a cap, a new connection does not simply bounce (on loopback the attacker and the real
 * browser share 127.0.0.1, so that would lock the browser out too): the oldest connection with no
 * request in progress is closed to make room. Half-open floods are exactly such connections, while
 * the browser's live requests and its event stream are busy and stay. Only when every connection
 * is busy is the new one refused. The short header timeout then clears whatever is left.
 */
import type { Server as HttpServer } from 'node:http'
import type { Socket } from 'node:net'
import type { RejectionLog } from './rejection-log'

type Tracked = { socket: Socket; address: string; busy: number }

/** Limits for guardConnections. */
export type ConnectionGuardOptions = {
  /** @default 64 */
  maxPerAddress?: number
  /** @default 512 */
  maxTotal?: number
  rejections: RejectionLog
}

/** Live counts, for status and tests. */
export type ConnectionStats = { open: number; busy: number }

const keyOf = (s: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string =>
  `${s.remoteAddress ?? '?'}|${s.remotePort ?? 0}`

/** Installs the caps on an http or https server (before it listens). */
export function guardConnections(server: HttpServer, opts: ConnectionGuardOptions): () => ConnectionStats {
  const maxPerAddress = opts.maxPerAddress ?? 64
  const maxTotal = opts.maxTotal ?? 512
  const all = new Map<string, Tracked>() // insertion order = oldest first
  const byAddress = new Map<string, Set<Tracked>>()

  function forget(key: string, t: Tracked): void {
    if (all.get(key) !== t) return
    all.delete(key)
    const set = byAddress.get(t.address)
    set?.delete(t)
    if (set?.size === 0) byAddress.delete(t.address)
  }

  /** Closes the oldest idle connection among `candidates`; false when all are busy. */
  function evictOldestIdle(candidates: Iterable<Tracked>): boolean {
    for (const t of candidates) {
      if (t.busy > 0) continue
      forget(keyOf(t.socket), t)
      t.socket.destroy()
      opts.rejections.count('connection-cap', t.address)
      return true
    }
    return false
  }

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?'
    const mine = byAddress.get(address)
    const roomForAddress = !mine || mine.size < maxPerAddress || evictOldestIdle(mine)
    const room = roomForAddress && (all.size < maxTotal || evictOldestIdle(all.values()))
    if (!room) {
      opts.rejections.count('connection-cap', address)
      socket.destroy()
      return
    }
    const t: Tracked = { socket, address, busy: 0 }
    const key = keyOf(socket)
    all.set(key, t)
    let set = byAddress.get(address)
    if (!set) byAddress.set(address, (set = new Set()))
    set.add(t)
    socket.once('close', () => forget(key, t))
  })

  server.on('request', (req: { socket: Socket }, res: { once(e: 'close', f: () => void): void }) => {
    const t = all.get(keyOf(req.socket))
    if (!t) return
    t.busy++
    res.once('close', () => {
      t.busy--
    })
  })

  return () => {
    let busy = 0
    for (const t of all.values()) if (t.busy > 0) busy++
    return { open: all.size, busy }
  }
}
