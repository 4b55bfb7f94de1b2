/**
 * Sandbox-only channels: what the simulators are, and "Concur sends a request token" for an entity
 * (the text a user then pastes, as they would from a real Concur case).
 */
import { DeskError } from '../../core/errors/desk-error'
import type { EntityStore } from '../../core/entities/entity-store'
import type { Sandbox } from '../../sandbox/sandbox'
import type { Handlers } from '../dispatcher'

/** Builds the sandbox handlers; outside the Sandbox they answer with a clear refusal. */
export function createSandboxHandlers(
  deps: Readonly<{ sandbox: Sandbox | null; entities: EntityStore }>,
): Pick<Handlers, 'sandbox:issue-token' | 'sandbox:status'> {
  return {
    'sandbox:status': async () => ({
      active: deps.sandbox !== null,
      concurTokenUrl: deps.sandbox?.endpoints.concurTokenBaseUrl ?? null,
      concurDataCentres: deps.sandbox?.dataCentres ?? {},
      facesUrl: deps.sandbox?.endpoints.facesBaseUrl ?? null,
    }),
    'sandbox:issue-token': async ({ entityId }) => {
      if (!deps.sandbox) {
        throw new DeskError(
          'invalid-input',
          'Demo request tokens exist only in the Sandbox. In production, request tokens come from Concur cases.',
        )
      }
      const entity = await deps.entities.get(entityId)
      const known = deps.sandbox.companies.some((c) => c.companyUuid === entity.companyUuid)
      if (!known) {
        throw new DeskError(
          'invalid-input',
          `The simulated Concur has no company ${entity.companyUuid}. Only the demo entities can receive Sandbox tokens.`,
        )
      }
      return { caseText: deps.sandbox.caseTextFor(entity.companyUuid, entity.outtaskId) }
    },
  }
}
