/**
 * Handlers of the `entities:*` channels: add, edit, archive, CSV import, checklist steps, the Concur
 * case text, polling on/off and acknowledging login-id changes.
 *
 * Wiring (composition root):
 *   const entityStore = createEntityStore({ repo: createJsonDocumentStore(ctx.dataDir, 'entities.json', emptyEntitiesDocument), clock: ctx.clock })
 *   const tokenDesk = createTokenDesk({ ... })            // see core/tokens/token-desk.ts
 *   createEntitiesHandlers({ entities: entityStore, tokenDesk, clock: ctx.clock, bus: ctx.bus,
 *                            pollStatus: syncEngine, pollControl: syncEngine })
 * Every change pushes 'entity:updated'.
 */
import { DEFAULT_INTAKE_WINDOW } from '../../../shared/intake/intake-defaults'
import type { EntityView, IntakeWindowSettings } from '../../../shared/model'
import type { PushPayloads } from '../../../shared/contract'
import { composeCase } from '../../../shared/intake/case-composer'
import { DeskError } from '../../core/errors/desk-error'
import { importEntitiesCsv } from '../../core/entities/entity-csv-import'
import { noPollStatus, type PollControl, type PollStatusProvider } from '../../core/entities/entity-ports'
import type { EntityRecord } from '../../core/entities/entity-record'
import type { EntityStore } from '../../core/entities/entity-store'
import type { Clock } from '../../core/ports'
import type { TokenDesk } from '../../core/tokens/token-desk'
import type { Handlers } from '../dispatcher'

/** Dependencies of the entity handlers. */
export type EntitiesHandlerDeps = Readonly<{
  entities: EntityStore
  tokenDesk: Pick<TokenDesk, 'entityView' | 'handOffAgain'>
  clock: Clock
  bus: { emit<P extends 'entity:updated'>(channel: P, payload: PushPayloads[P]): void }
  /** Poll facts from the sync engine; none until it is wired. */
  pollStatus?: PollStatusProvider
  /** Told when polling of an entity is switched on or off (also on archive). */
  pollControl?: PollControl
  /** The intake window in force, for the hours the composed case asks for. @default the desk's default */
  intakeWindow?: () => IntakeWindowSettings
  /** Switches `pollingActive` on the entity's Faces Concur link (the credential owner); none: desk only. */
  facesPolling?: (entity: { id: string; name: string }, active: boolean) => Promise<unknown>
}>

/** The entity channels. */
export type EntitiesHandlers = Pick<
  Handlers,
  | 'entities:list'
  | 'entities:get'
  | 'entities:create'
  | 'entities:update'
  | 'entities:archive'
  | 'entities:import-csv'
  | 'entities:mark-step'
  | 'entities:compose-case'
  | 'entities:set-polling'
  | 'entities:ack-login-changes'
>

/** Builds the entity handlers. */
export function createEntitiesHandlers(deps: EntitiesHandlerDeps): EntitiesHandlers {
  const pollStatus = deps.pollStatus ?? noPollStatus

  async function publish(record: EntityRecord): Promise<EntityView> {
    const view = await deps.tokenDesk.entityView(record)
    deps.bus.emit('entity:updated', view)
    return view
  }

  return {
    async 'entities:list'(input) {
      const records = await deps.entities.list({ includeArchived: input.includeArchived ?? false })
      return Promise.all(records.map((r) => deps.tokenDesk.entityView(r)))
    },
    async 'entities:get'(input) {
      return deps.tokenDesk.entityView(await deps.entities.get(input.entityId))
    },
    async 'entities:create'(input) {
      return publish(await deps.entities.create(input))
    },
    async 'entities:update'(input) {
      const before = await deps.entities.get(input.entityId)
      const record = await deps.entities.update(input.entityId, input.input)
      // Faces holds the Travel Config IDs with the refresh token: a change (or a Faces company set
      // late, after a hand-off failed for want of one) must reach Faces too.
      const linkChanged =
        before.facesCompanyId !== record.facesCompanyId ||
        before.travelConfigIds.join('\n') !== record.travelConfigIds.join('\n')
      if (linkChanged && (await deps.tokenDesk.entityView(record)).credential.state === 'refresh-token') {
        await deps.tokenDesk.handOffAgain(record.id)
        return deps.tokenDesk.entityView(await deps.entities.get(record.id))
      }
      return publish(record)
    },
    async 'entities:archive'(input) {
      const before = await deps.entities.get(input.entityId)
      const record = await deps.entities.setArchived(input.entityId, input.archived)
      if (input.archived && before.pollingActive) await deps.pollControl?.setPollingActive(record.id, false)
      return publish(record)
    },
    async 'entities:import-csv'(input) {
      const startedAtMs = deps.clock.nowMs()
      const report = await importEntitiesCsv(input.csv, deps.entities, { dryRun: input.dryRun ?? false })
      if (!input.dryRun && report.created + report.updated > 0) {
        for (const r of await deps.entities.list()) if (r.updatedAtMs >= startedAtMs) await publish(r)
      }
      return report
    },
    async 'entities:mark-step'(input) {
      if (input.step !== 'approval-obtained' && input.step !== 'case-opened' && input.done)
        throw new DeskError(
          'invalid-input',
          'This step is dated automatically when it happens (token received, exchanged, handed to Faces, activated). Only "approval obtained" and "case opened" are marked by hand.',
        )
      return publish(await deps.entities.markStep(input.entityId, input.step, input.done))
    },
    async 'entities:compose-case'(input) {
      return composeCase(
        await deps.entities.get(input.entityId),
        deps.intakeWindow?.() ?? DEFAULT_INTAKE_WINDOW,
      )
    },
    async 'entities:set-polling'(input) {
      const record = await deps.entities.get(input.entityId)
      if (input.active) {
        if (record.archived)
          throw new DeskError('conflict', 'This entity is archived. Restore it before switching polling on.')
        const view = await deps.tokenDesk.entityView(record)
        if (view.credential.state !== 'refresh-token')
          throw new DeskError(
            'conflict',
            'This entity has no refresh token yet. Exchange a request token first, then switch polling on.',
          )
      }
      // Faces first: when it refuses, nothing changes here either (the error says so).
      await deps.facesPolling?.({ id: record.id, name: record.name }, input.active)
      const updated = await deps.entities.patch(input.entityId, (e) => (e.pollingActive = input.active))
      await deps.pollControl?.setPollingActive(input.entityId, input.active)
      return publish(updated)
    },
    async 'entities:ack-login-changes'(input) {
      const total = pollStatus.statusOf(input.entityId)?.loginIdChanges ?? 0
      return publish(await deps.entities.patch(input.entityId, (e) => (e.loginIdChangesAcked = total)))
    },
  }
}
