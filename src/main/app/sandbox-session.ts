/**
 * The Sandbox's part of a session: an entity store whose every new or edited entity the simulators
 * learn (Concur company with travellers, Faces company), the bad-day switches wired to the desk's
 * own services, and the `sandbox:*` handlers. Outside the Sandbox none of this exists and the
 * handlers refuse with a clear message.
 */
import type { SandboxStatus } from '../../shared/model'
import { LARGE_SANDBOX_ENTITY } from '../../shared/sandbox-switches'
import { DeskError } from '../core/errors/desk-error'
import type { EntityRecord } from '../core/entities/entity-record'
import type { EntityStore } from '../core/entities/entity-store'
import type { Clock, PushBus, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { SyncEngine } from '../core/sync/sync-engine'
import type { CredentialOwner } from '../core/tokens/credential-owner'
import type { TokenDesk } from '../core/tokens/token-desk'
import type { Logger } from '../logging/logger'
import type { Sandbox } from '../sandbox/sandbox'
import { sandboxFacesCompanyId } from '../sandbox/sandbox-entities'
import {
  createSandboxSwitches,
  type SandboxDeskHooks,
  type SandboxSwitches,
  type SwitchEntity,
} from '../sandbox/sandbox-switches'
import { DESK_ITSELF, type Handlers } from './dispatcher'

/** An entity store whose new and edited entities the Sandbox's simulators learn. */
export function withSandboxLearning(store: EntityStore, sandbox: Sandbox, log: Logger): EntityStore {
  const learn = (r: EntityRecord): void => {
    const learned = sandbox.entities.learn(r)
    if (learned.isConcurCompanyNew || learned.isFacesCompanyNew)
      log.info('sandbox: learned an entity', {
        entity: r.id,
        concur: learned.isConcurCompanyNew,
        faces: learned.isFacesCompanyNew,
        travellers: learned.travellers,
      })
  }
  return {
    ...store,
    async create(input) {
      // An entity without a Faces company gets one in the Sandbox's Faces (the form says so).
      const facesCompanyId = input.facesCompanyId.trim() || sandboxFacesCompanyId(input.outtaskId.trim())
      const record = await store.create({ ...input, facesCompanyId })
      learn(record)
      return record
    },
    async update(entityId, input) {
      const record = await store.update(entityId, input)
      learn(record)
      return record
    },
  }
}

/** What the Sandbox part of a session needs from the rest of it. */
export type SandboxSessionDeps = Readonly<{
  sandbox: Sandbox | null
  entities: EntityStore
  settings: SettingsStore<DeskSettings>
  bus: PushBus
  clock: Clock
  log: Logger
  /** The desk's services the switches nudge (built after the session's handlers exist). */
  desk: () => Omit<SandboxDeskHooks, 'entities'> & { hasRefreshToken(entity: EntityRecord): Promise<boolean> }
}>

/** The desk's services the switches nudge, over the session's token desk, engine, owner and entities. */
export function sandboxDeskHooks(parts: {
  sandbox: Sandbox | null
  tokenDesk: Pick<TokenDesk, 'entityView' | 'handOffAgain'>
  engine: Pick<SyncEngine, 'runEntity'>
  owner: Pick<CredentialOwner, 'refreshNow'>
  entitiesHandlers: Pick<Handlers, 'entities:create' | 'entities:archive'>
  entityStore: EntityStore
  log: Logger
}): ReturnType<SandboxSessionDeps['desk']> {
  const { sandbox, tokenDesk, entitiesHandlers, log } = parts
  return {
    hasRefreshToken: async (r) => (await tokenDesk.entityView(r)).credential.state === 'refresh-token',
    syncNow: async (entityId) => void (await parts.engine.runEntity(entityId)),
    refreshNow: async (entityId) => {
      await parts.owner.refreshNow(entityId).catch((err: unknown) => {
        // A refused refresh is the effect itself (e.g. Faces refusing the rotation): it is on screen.
        log.info('sandbox: refresh now did not succeed', { entity: entityId, err })
      })
    },
    handOffAgain: (entityId) => tokenDesk.handOffAgain(entityId),
    addLargeEntity: async () => {
      if (!sandbox) throw new DeskError('invalid-input', 'The large entity exists only in the Sandbox.')
      return addLargeSandboxEntity(sandbox, entitiesHandlers, parts.entityStore)
    },
    archiveEntity: async (entityId) =>
      void (await entitiesHandlers['entities:archive']({ entityId, archived: true }, DESK_ITSELF)),
  }
}

/** The `sandbox:*` handlers the session answers (reset is the desk's: it rebuilds the session). */
export type SandboxHandlers = Pick<
  Handlers,
  'sandbox:issue-token' | 'sandbox:new-customer-reply' | 'sandbox:status' | 'sandbox:set-switch'
>

const NOT_IN_SANDBOX =
  'The Sandbox is not running: this desk is connected to production. Switch to the Sandbox in Settings to rehearse.'

/** Builds the switches (in the Sandbox) and the handlers. */
export function createSandboxSession(deps: SandboxSessionDeps): {
  handlers: SandboxHandlers
  switches: SandboxSwitches | null
} {
  const sandbox = deps.sandbox
  const startedAtMs = deps.clock.nowMs()
  const switches = sandbox
    ? createSandboxSwitches({
        concur: sandbox.concur.admin,
        faces: sandbox.faces.admin,
        nowMs: () => deps.clock.nowMs(),
        log: deps.log.child('sandbox'),
        onChange: () => deps.bus.emit('sandbox:changed', status()),
        desk: {
          entities: async (): Promise<SwitchEntity[]> => {
            const desk = deps.desk()
            const records = await deps.entities.list()
            return Promise.all(
              records.map(async (r) => ({
                id: r.id,
                name: r.name,
                companyUuid: r.companyUuid,
                facesCompanyId: r.facesCompanyId,
                pollingActive: r.pollingActive,
                hasRefreshToken: await desk.hasRefreshToken(r),
              })),
            )
          },
          syncNow: (entityId) => deps.desk().syncNow(entityId),
          refreshNow: (entityId) => deps.desk().refreshNow(entityId),
          handOffAgain: (entityId) => deps.desk().handOffAgain(entityId),
          addLargeEntity: () => deps.desk().addLargeEntity(),
          archiveEntity: (entityId) => deps.desk().archiveEntity(entityId),
        },
      })
    : null

  function status(): SandboxStatus {
    return {
      active: sandbox !== null,
      concurTokenUrl: sandbox?.endpoints.concurTokenBaseUrl ?? null,
      concurDataCentres: sandbox?.dataCentres ?? {},
      facesUrl: sandbox?.endpoints.facesBaseUrl ?? null,
      startedAtMs: sandbox ? startedAtMs : null,
      switches: switches?.list() ?? [],
    }
  }

  return {
    switches,
    handlers: {
      'sandbox:status': async () => status(),
      'sandbox:issue-token': async ({ entityId }) => {
        if (!sandbox) {
          throw new DeskError(
            'invalid-input',
            'Demo request tokens exist only in the Sandbox. In production, request tokens come from Concur cases.',
          )
        }
        const entity = await deps.entities.get(entityId)
        // Entities from before the learning (or edited outside the desk) are learned on the way.
        sandbox.entities.learn(entity)
        const s = deps.settings.read()
        return sandbox.replies.reply(
          entity,
          switches?.replyTiming() ?? 'now',
          s.requestTokenLifetimeHours * 3_600_000,
          s.intakeWindow.timeZone,
        )
      },
      'sandbox:new-customer-reply': async () => {
        if (!sandbox) throw new DeskError('invalid-input', NOT_IN_SANDBOX)
        const customer = sandbox.entities.newCustomer()
        const s = deps.settings.read()
        const reply = sandbox.replies.reply(
          customer,
          switches?.replyTiming() ?? 'now',
          s.requestTokenLifetimeHours * 3_600_000,
          s.intakeWindow.timeZone,
        )
        return { caseText: reply.caseText, outtaskId: customer.outtaskId, companyUuid: customer.companyUuid }
      },
      'sandbox:set-switch': async (input) => {
        if (!switches) throw new DeskError('invalid-input', NOT_IN_SANDBOX)
        await switches.set(input.switch, input.on, input.entityId ?? null)
        return status()
      },
    },
  }
}

/** Adds the large entity of the switch, or restores it from the archive; returns its id. */
export async function addLargeSandboxEntity(
  sandbox: Sandbox,
  entities: Pick<Handlers, 'entities:create' | 'entities:archive'>,
  store: EntityStore,
): Promise<string> {
  const e = LARGE_SANDBOX_ENTITY
  // Learned first with its 5,000 travellers; the store's own learning then finds it known.
  sandbox.entities.learn({ ...e, travelConfigIds: [...e.travelConfigIds], travellers: e.travellers })
  const existing = (await store.list({ includeArchived: true })).find((r) => r.outtaskId === e.outtaskId)
  if (existing) {
    if (existing.archived)
      await entities['entities:archive']({ entityId: existing.id, archived: false }, DESK_ITSELF)
    return existing.id
  }
  const created = await entities['entities:create'](
    {
      name: e.name,
      outtaskId: e.outtaskId,
      companyUuid: e.companyUuid,
      facesCompanyId: e.facesCompanyId,
      siteIds: [],
      vendorSiteIds: [],
      travelConfigIds: [...e.travelConfigIds],
    },
    DESK_ITSELF,
  )
  return created.id
}
