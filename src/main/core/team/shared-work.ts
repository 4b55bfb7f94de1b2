/**
 * How the sync engine shares its work with the other instances of a team desk (issue 13 C):
 * before a scheduled or catch-up poll it claims (entity, slot) through the LeaseStore, keeps the
 * claim alive while the poll runs, and marks it done at the end, so exactly one instance polls an
 * entity per slot; a sweep takes over the claims of instances that died mid-poll (their leases
 * expired) within ttl + sweep, well inside one poll interval; the Faces change feed (and the outbox
 * pusher that drains what it read) runs on one instance at a time, under the `faces-feed` lease.
 * A solo desk passes no SharedWork at all and the engine does what it always did.
 */
import { setMaxListeners } from 'node:events'
import type { Logger } from '../../logging/logger'
import type { Clock } from '../ports'
import type { LeaseGrant, LeaseStore } from './lease-store'

/** The lease name of an entity's polls. */
export const pollLeaseName = (entityId: string): string => `poll:${entityId}`
/** The lease an instance holds while it polls an entity (any kind of poll: at most one at a time). */
export const busyLeaseName = (entityId: string): string => `busy:${entityId}`
/** What an instance puts into its run ids (team-desk instances sharing a store number their runs apart). */
export const instanceRunTag = (instanceId: string): string => `${instanceId.slice(0, 8)}-`
/** The lease of the Faces change-feed consumer. */
export const FEED_LEASE = 'faces-feed'
/** The lease of the token desk's timers (the expiry sweep): one instance runs them. */
export const TOKEN_TIMERS_LEASE = 'token-timers'

/** Tunables (production defaults; tests shrink them on a scaled clock). */
export type SharedWorkOptions = {
  /** A claim lives this long without renewal. @default 60000 */
  ttlMs?: number
  /** How often expired claims are looked for (and the feed lease is tried). @default 30000 */
  sweepMs?: number
  /** The poll interval. @default 900000 */
  intervalMs?: number
  /** Where slots start within the interval (:05, :20, :35, :50 → 5 min). @default 300000 */
  phaseMs?: number
  /** Finished claims are kept this long (the per-slot history). @default 86400000 */
  keepMs?: number
}

/** A claim this instance holds; renewed until `finish` or `giveUp`. */
export interface HeldLease {
  readonly grant: LeaseGrant
  /** Aborts when the claim is lost (not renewed in time, taken over) or the instance stops. */
  readonly signal: AbortSignal
  /** The work is done: the claim becomes `done`. */
  finish(): Promise<void>
  /** The work stopped unfinished: the claim is released for another instance at once. */
  giveUp(): Promise<void>
}

/** The engine's side of sharing. */
export interface SharedWork {
  readonly instanceId: string
  /** The slot (its scheduled instant) a moment belongs to. */
  slotOf(nowMs: number): number
  /**
   * Claims the entity's poll of a slot (default: the current one) and the entity while it polls;
   * null: another instance has the slot or did it, or polls the entity right now.
   */
  claimPoll(entityId: string, slotMs?: number): Promise<HeldLease | null>
  /** Claims the entity for a poll outside the slots ("sync now"); null: another instance polls it right now. */
  claimManual(entityId: string): Promise<HeldLease | null>
  /**
   * Until `signal` aborts: takes over abandoned polls of the current slot and hands each to `take`;
   * `stopped` learns (once) of each instance whose claims expired unfinished (it stopped answering).
   */
  runTakeovers(
    signal: AbortSignal,
    take: (entityId: string, lease: HeldLease) => void,
    stopped?: (instanceId: string) => Promise<void>,
  ): Promise<void>
  /** Until `signal` aborts: runs `work` whenever this instance is the feed consumer (its signal ends it). */
  whileFeedConsumer(signal: AbortSignal, work: (signal: AbortSignal) => Promise<void>): Promise<void>
  /** Until `signal` aborts: runs `work` whenever this instance holds the lease `name` (its signal ends it). */
  whileHolding(name: string, signal: AbortSignal, work: (signal: AbortSignal) => Promise<void>): Promise<void>
  /** Claims the lease `name` (no slot) while this instance does one piece of work; null: another does it now. */
  claimExclusive(name: string): Promise<HeldLease | null>
  /** Kill emulation: no claim is renewed, finished or released any more (they expire as a dead one's). */
  freeze(): void
}

/** Builds the sharing over a lease store. */
export function createSharedWork(deps: {
  leases: LeaseStore
  clock: Clock
  log: Logger
  options?: SharedWorkOptions
}): SharedWork {
  const { leases, clock } = deps
  const log = deps.log.child('team')
  const ttlMs = deps.options?.ttlMs ?? 60_000
  const sweepMs = deps.options?.sweepMs ?? 30_000
  const intervalMs = deps.options?.intervalMs ?? 15 * 60_000
  const phaseMs = deps.options?.phaseMs ?? 5 * 60_000
  const keepMs = deps.options?.keepMs ?? 24 * 3_600_000
  let frozen = false
  /** Per entity: the newest slot this instance claimed or found claimed. */
  const settled = new Map<string, number>()
  const slotOf = (nowMs: number): number => Math.floor((nowMs - phaseMs) / intervalMs) * intervalMs + phaseMs

  /** Keeps a granted claim alive: renews every ttl/3, aborts when a renewal says it is no longer ours. */
  function hold(grant: LeaseGrant): HeldLease {
    const lost = new AbortController()
    setMaxListeners(0, lost.signal)
    const ended = new AbortController()
    let okUntilMs = clock.nowMs() + ttlMs
    void (async () => {
      while (!ended.signal.aborted && !lost.signal.aborted) {
        await clock.wait(ttlMs / 3, ended.signal).catch(() => {})
        if (ended.signal.aborted || frozen) return
        const ours = await leases.renew(grant.name, grant.slotMs, ttlMs).catch((err: unknown) => {
          log.warn('lease: renewal failed', { lease: grant.name, err })
          return clock.nowMs() < okUntilMs ? null : false
        })
        if (ours === true) okUntilMs = clock.nowMs() + ttlMs
        else if (ours === false) {
          log.warn('lease: lost (another instance has it now)', { lease: grant.name, slotMs: grant.slotMs })
          lost.abort()
        }
      }
    })()
    const end = async (how: 'complete' | 'release'): Promise<void> => {
      if (ended.signal.aborted) return
      ended.abort()
      if (frozen) return
      try {
        if (how === 'complete') await leases.complete(grant.name, grant.slotMs)
        else await leases.release(grant.name, grant.slotMs)
      } catch (err) {
        // It expires by itself; another instance takes it over then.
        log.warn(`lease: ${how} failed`, { lease: grant.name, err })
      }
    }
    return {
      grant,
      signal: lost.signal,
      finish: () => end('complete'),
      giveUp: () => end('release'),
    }
  }

  async function claim(name: string, slotMs: number): Promise<HeldLease | null> {
    if (frozen) return null
    const grant = await leases.claim(name, slotMs, ttlMs)
    if (!grant) return null
    if (grant.takenOverFrom)
      log.info('lease: took over the claim of an instance that stopped answering', {
        lease: name,
        slotMs,
        from: grant.takenOverFrom,
      })
    return hold(grant)
  }

  /** Both claims as one: lost when either is; done marks the slot done and frees the entity. */
  function joined(slot: HeldLease, busy: HeldLease): HeldLease {
    return {
      grant: slot.grant,
      signal: AbortSignal.any([slot.signal, busy.signal]),
      finish: async () => void (await Promise.all([slot.finish(), busy.giveUp()])),
      giveUp: async () => void (await Promise.all([slot.giveUp(), busy.giveUp()])),
    }
  }

  /** The slot's claim, then the entity's: a slot whose entity another instance polls right now is its poll's. */
  async function claimSlot(name: string, slotMs: number): Promise<HeldLease | null> {
    const slot = await claim(name, slotMs)
    if (!slot) return null
    const busy = await claim(busyLeaseName(name.slice('poll:'.length)), 0).catch(async (err: unknown) => {
      await slot.giveUp()
      throw err
    })
    if (busy) return joined(slot, busy)
    await slot.finish()
    return null
  }

  /** The instances already reported as stopped. */
  const reported = new Set<string>()

  async function sweep(
    take: (entityId: string, lease: HeldLease) => void,
    stopped?: (instanceId: string) => Promise<void>,
  ): Promise<void> {
    const now = clock.nowMs()
    const current = slotOf(now)
    const abandoned = await leases.abandoned('poll:', 500)
    const gone = [...abandoned, ...(await leases.abandoned('busy:', 500))].map((a) => a.holder)
    for (const holder of new Set(gone)) {
      if (holder === leases.instanceId || reported.has(holder) || !stopped) continue
      reported.add(holder)
      await stopped(holder).catch((err: unknown) =>
        log.warn('team: closing its runs failed', { holder, err }),
      )
    }
    for (const a of abandoned) {
      // A claim older than one interval before this slot is history (later slots polled since): closed.
      if (a.slotMs < current - intervalMs) {
        await leases.retire(a.name, a.slotMs)
        continue
      }
      // The missed slot is caught up now (the current slot's own poll still follows at its tick).
      const lease = await claimSlot(a.name, a.slotMs)
      if (lease) take(a.name.slice('poll:'.length), lease)
    }
    await leases.prune(now - keepMs)
  }

  async function whileHolding(
    name: string,
    signal: AbortSignal,
    work: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    while (!signal.aborted && !frozen) {
      const lease = await claim(name, 0).catch((err: unknown) => {
        log.warn('lease: could not be claimed', { lease: name, err })
        return null
      })
      if (lease) {
        log.info('lease: this instance runs it now', { lease: name })
        const both = AbortSignal.any([signal, lease.signal])
        try {
          await work(both)
        } catch (err) {
          log.error('lease: its work failed', { lease: name, err })
        } finally {
          await lease.giveUp()
        }
        continue
      }
      await clock.wait(sweepMs, signal).catch(() => {})
    }
  }

  return {
    instanceId: leases.instanceId,
    slotOf,
    async claimPoll(entityId, slotMs = slotOf(clock.nowMs())) {
      // A slot this instance already polled or lost to another is not asked for again (a tick after
      // the start's catch-up would claim every entity twice); the sweep still takes over dead ones.
      if (settled.get(entityId) === slotMs) return null
      const lease = await claimSlot(pollLeaseName(entityId), slotMs)
      settled.set(entityId, slotMs)
      return lease
    },
    async claimManual(entityId) {
      const busy = await claim(busyLeaseName(entityId), 0)
      // The entity's claim is never done, only freed: the next poll claims it again.
      return busy && { ...busy, finish: () => busy.giveUp() }
    },
    async runTakeovers(signal, take, stopped) {
      while (!signal.aborted && !frozen) {
        await clock.wait(sweepMs, signal).catch(() => {})
        if (signal.aborted || frozen) return
        await sweep(take, stopped).catch((err: unknown) => log.warn('lease: takeover sweep failed', { err }))
      }
    },
    whileFeedConsumer: (signal, work) => whileHolding(FEED_LEASE, signal, work),
    whileHolding,
    claimExclusive: (name) => claim(name, 0),
    freeze() {
      frozen = true
    },
  }
}
