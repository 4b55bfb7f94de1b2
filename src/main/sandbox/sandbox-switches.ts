/**
 * The Sandbox's bad-day switches (shared/sandbox-switches.ts names them): each one turns a real
 * failure on in the simulators through their fault and admin APIs, and, where the failure would
 * otherwise wait for the next poll, nudges the desk (a sync now, a refresh now) so its effect is
 * on the normal screens at once. Turning a switch off undoes what it did; event-like switches (a
 * revoked refresh token, a renamed login) leave what happened to be handled as in production.
 * Everything lives in the Sandbox, so it all resets with it.
 */
import type { SandboxSwitchState } from '../../shared/model'
import {
  LARGE_SANDBOX_ENTITY,
  SANDBOX_SWITCH_IDS,
  sandboxSwitchInfo,
  type SandboxSwitchId,
} from '../../shared/sandbox-switches'
import { DeskError } from '../core/errors/desk-error'
import type { Logger } from '../logging/logger'
import type { ConcurSimAdmin } from './concur-sim/concur-simulator'
import type { FacesSimAdmin } from './faces-sim/faces-simulator'
import type { ReplyTiming } from './sandbox-replies'

/** An entity as the switches need it. */
export type SwitchEntity = {
  id: string
  name: string
  companyUuid: string
  facesCompanyId: string
  hasRefreshToken: boolean
  pollingActive: boolean
}

/** What the switches ask of the desk (wired by the session). */
export type SandboxDeskHooks = Readonly<{
  entities(): Promise<SwitchEntity[]>
  /** Starts a manual sync of the entity (resolves once it is registered, not when it ends). */
  syncNow(entityId: string): Promise<void>
  /** Runs a refresh grant now (Concur rotates the token). */
  refreshNow(entityId: string): Promise<void>
  /** Writes the entity's Concur link through to Faces now. */
  handOffAgain(entityId: string): Promise<void>
  /** Adds (or restores from the archive) the large entity; returns its id. */
  addLargeEntity(): Promise<string>
  archiveEntity(entityId: string): Promise<void>
}>

type Active = { state: SandboxSwitchState; off: () => Promise<void> }

const EXCLUSIVE: Partial<Record<SandboxSwitchId, SandboxSwitchId>> = {
  'token-expires-soon': 'token-after-window',
  'token-after-window': 'token-expires-soon',
}

/** Creates the switches over both simulators. */
export function createSandboxSwitches(
  deps: Readonly<{
    concur: ConcurSimAdmin
    faces: FacesSimAdmin
    desk: SandboxDeskHooks
    nowMs: () => number
    log: Logger
    onChange: (switches: SandboxSwitchState[]) => void
  }>,
) {
  const log = deps.log.child('switches')
  const active = new Map<SandboxSwitchId, Active>()
  let queue: Promise<unknown> = Promise.resolve()
  let touches = 0

  function list(): SandboxSwitchState[] {
    return SANDBOX_SWITCH_IDS.map(
      (id) =>
        active.get(id)?.state ?? {
          id,
          isOn: false,
          sinceMs: null,
          entityId: null,
          entityName: null,
          note: null,
        },
    )
  }

  async function pollConnected(options: { touchTraveller?: boolean } = {}): Promise<number> {
    const connected = (await deps.desk.entities()).filter((e) => e.hasRefreshToken && e.pollingActive)
    // A poll only writes to Faces what changed in Concur: give it one change per entity to write.
    if (options.touchTraveller)
      for (const e of connected) {
        const t = deps.concur.listTravellers(e.companyUuid).find((x) => x.status === 'Active')
        if (t)
          deps.concur.modifyTraveller(e.companyUuid, t.loginId, {
            middleName: `${String.fromCharCode(65 + (touches++ % 26))}.`,
          })
      }
    for (const e of connected)
      await deps.desk.syncNow(e.id).catch((err: unknown) => log.warn('sync now failed', { err }))
    return connected.length
  }

  const polled = (n: number): string =>
    n === 0
      ? 'No entity polls yet: connect one to see the effect.'
      : `The desk polls ${n} connected entit${n === 1 ? 'y' : 'ies'} now.`

  async function connectedEntity(id: SandboxSwitchId, entityId: string | null): Promise<SwitchEntity> {
    const title = sandboxSwitchInfo(id).title
    if (!entityId)
      throw new DeskError('invalid-input', `Choose the entity for "${title}" (one with a refresh token).`)
    const entity = (await deps.desk.entities()).find((e) => e.id === entityId)
    if (!entity) throw new DeskError('not-found', 'This entity no longer exists. Reload the Sandbox panel.')
    if (!entity.hasRefreshToken)
      throw new DeskError(
        'conflict',
        `"${entity.name}" has no refresh token yet. Connect it first (Simulate SAP's reply → Paste tokens → exchange), then switch "${title}" on.`,
      )
    return entity
  }

  /** Turns a switch on: returns how to turn it off again and what happened. */
  async function turnOn(
    id: SandboxSwitchId,
    entityId: string | null,
  ): Promise<{ off: () => Promise<void>; note: string; entity: SwitchEntity | null }> {
    switch (id) {
      case 'concur-down':
      case 'concur-slow':
      case 'concur-rate-limited': {
        const rule =
          id === 'concur-down'
            ? ({ route: 'any', kind: 'status-503', retryAfterSec: 1 } as const)
            : id === 'concur-slow'
              ? ({ route: 'any', kind: 'latency', latencyMs: 2_500 } as const)
              : ({ route: 'any', kind: 'status-429', probability: 0.6, retryAfterSec: 2 } as const)
        const faultId = deps.concur.injectFault(rule)
        const n = id === 'concur-slow' ? 0 : await pollConnected()
        return {
          off: async () => {
            deps.concur.removeFault(faultId)
            if (id !== 'concur-slow') await pollConnected()
          },
          note: id === 'concur-slow' ? 'Every Concur call now waits 2.5 s.' : polled(n),
          entity: null,
        }
      }
      case 'faces-down': {
        const faultId = deps.faces.injectFault({ kind: '5xx', untilCleared: true, pathPrefix: '/api/' })
        const n = await pollConnected({ touchTraveller: true })
        return {
          off: async () => {
            deps.faces.removeFault(faultId)
            for (const e of await deps.desk.entities())
              if (e.hasRefreshToken) await deps.desk.handOffAgain(e.id).catch(() => {})
            await pollConnected()
          },
          note: `${polled(n)} One traveller per entity changed in Concur, so the poll has something to write.`,
          entity: null,
        }
      }
      case 'token-expires-soon':
      case 'token-after-window':
        return { off: async () => {}, note: 'Applies to the next "Simulate SAP\'s reply".', entity: null }
      case 'refresh-token-dead': {
        const entity = await connectedEntity(id, entityId)
        deps.concur.revokeRefreshTokens(entity.companyUuid)
        deps.concur.revokeAccessTokens(entity.companyUuid)
        await deps.desk.syncNow(entity.id)
        return {
          off: async () => {},
          note: `Concur forgot the refresh token of ${entity.name}; the desk syncs it now.`,
          entity,
        }
      }
      case 'rotation-not-taken': {
        const entity = await connectedEntity(id, entityId)
        const faultId = deps.faces.injectFault({
          kind: '5xx',
          untilCleared: true,
          method: 'PATCH',
          pathPrefix: `/api/v1/companies/${encodeURIComponent(entity.facesCompanyId)}/concur-link`,
        })
        await deps.desk.refreshNow(entity.id)
        return {
          off: async () => {
            deps.faces.removeFault(faultId)
            await deps.desk.handOffAgain(entity.id)
          },
          note: `Concur rotated the refresh token of ${entity.name}; Faces refuses the new one.`,
          entity,
        }
      }
      case 'login-id-change': {
        const entity = await connectedEntity(id, entityId)
        const traveller = deps.concur
          .listTravellers(entity.companyUuid)
          .find((t) => t.status === 'Active' && t.loginId.includes('@'))
        if (!traveller)
          throw new DeskError('conflict', `The simulated Concur has no active traveller for ${entity.name}.`)
        const [local, domain] = traveller.loginId.split('@') as [string, string]
        const renamed = deps.concur.changeLoginId(
          entity.companyUuid,
          traveller.loginId,
          `${local}@new.${domain}`,
        )
        await deps.desk.syncNow(entity.id)
        return {
          off: async () => {},
          note: `${traveller.loginId} is now ${renamed.loginId} in Concur; the desk syncs ${entity.name} now.`,
          entity,
        }
      }
      case 'large-entity': {
        const newId = await deps.desk.addLargeEntity()
        return {
          off: () => deps.desk.archiveEntity(newId),
          note: `${LARGE_SANDBOX_ENTITY.name} (${LARGE_SANDBOX_ENTITY.outtaskId}) is in the entity list with ${LARGE_SANDBOX_ENTITY.travellers.toLocaleString('en-GB')} travellers in Concur.`,
          entity: null,
        }
      }
    }
  }

  async function setNow(id: SandboxSwitchId, on: boolean, entityId: string | null): Promise<void> {
    try {
      const current = active.get(id)
      if (current) {
        active.delete(id)
        await current.off()
        log.info('off', { switch: id })
      }
      if (!on) return
      // The two reply timings exclude each other: a reply arrives once.
      const other = EXCLUSIVE[id]
      const otherActive = other ? active.get(other) : undefined
      if (other && otherActive) {
        active.delete(other)
        await otherActive.off()
      }
      const { off, note, entity } = await turnOn(id, entityId)
      active.set(id, {
        off,
        state: {
          id,
          isOn: true,
          sinceMs: deps.nowMs(),
          entityId: entity?.id ?? null,
          entityName: entity?.name ?? null,
          note,
        },
      })
      log.info('on', { switch: id, entity: entity?.id })
    } finally {
      deps.onChange(list())
    }
  }

  return {
    list,
    /** Turns a switch on (for an entity, when it needs one) or off; one change at a time. */
    set(id: SandboxSwitchId, on: boolean, entityId: string | null = null): Promise<SandboxSwitchState[]> {
      const run = queue.then(() => setNow(id, on, entityId)).then(list)
      queue = run.catch(() => {})
      return run
    },
    /** When the next simulated reply reaches the desk. */
    replyTiming(): ReplyTiming {
      if (active.has('token-expires-soon')) return 'expires-soon'
      if (active.has('token-after-window')) return 'after-window'
      return 'now'
    },
  }
}

/** The switches of a Sandbox. */
export type SandboxSwitches = ReturnType<typeof createSandboxSwitches>
