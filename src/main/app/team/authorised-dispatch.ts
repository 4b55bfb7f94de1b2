/**
 * The desk's door with authorisation: every call from every transport passes the role table
 * (shared/channel-roles.ts; a `forbidden` Problem, 403 over HTTP, when the role may not, and for
 * the desktop app's own team-link channels to anyone but the app's window), and
 * audited calls (audit-actions.ts) are recorded with their entity and outcome, with the caller's
 * activity shown in presence while they run.
 */
import type { AuditAction } from '../../../shared/audit-actions'
import { isRequestChannel } from '../../../shared/channels'
import { isAppChannel, roleMayCall } from '../../../shared/channel-roles'
import { checkRequest } from '../../../shared/request-check'
import { fail, type Result } from '../../../shared/result'
import type { Dispatch } from '../../core/ports'
import type { AuditActor, AuditTrail } from '../../core/team/audit-trail'
import type { Principal } from '../../core/team/principal'
import type { Presence } from '../../core/team/presence'
import { AUDITED_CALLS, type AuditedCall } from './audit-actions'

/** The entity a call concerns, looked up before it runs. */
export type CallTarget = { entityId: string; entityName: string | null }

/** What the door needs. */
export type AuthorisedDispatchDeps = {
  inner: Dispatch
  local: Principal
  audit: () => AuditTrail | null
  presence: Presence
  /** The entity of a call's input (entity id or token id), or null. */
  target: (input: Record<string, unknown>) => Promise<CallTarget | null>
}

type TokenLike = {
  entityId?: unknown
  tokenPreview?: unknown
  state?: unknown
  problem?: { message?: unknown } | null
}

/**
 * Entities named by a call's result: a paste names one per accepted token, and a token it
 * exchanged right away is also recorded as exchanged ("pasted by Anna 10:24, exchanged 10:24").
 */
function resultTargets(
  channel: string,
  result: Result<unknown>,
): { entityId: string; detail?: string; action?: AuditAction; failed?: boolean }[] {
  if (!result.ok) return []
  const v = result.value as { id?: unknown; accepted?: TokenLike[] }
  if (channel === 'tokens:submit')
    return (v.accepted ?? []).flatMap((t) => {
      const entityId = String(t.entityId)
      const detail = `token ${String(t.tokenPreview)}`
      const pasted = { entityId, detail: `${detail}, now ${String(t.state)}` }
      if (t.state === 'exchanged') return [pasted, { entityId, detail, action: 'token.exchange' }]
      if (t.state === 'failed')
        return [
          pasted,
          {
            entityId,
            detail: `${detail}: ${typeof t.problem?.message === 'string' ? t.problem.message : 'failed'}`,
            action: 'token.exchange',
            failed: true,
          },
        ]
      return [pasted]
    })
  if (channel === 'entities:create' && typeof v.id === 'string') return [{ entityId: v.id }]
  return []
}

/** Wraps `inner` with the role check, the audit trail and presence. */
export function createAuthorisedDispatch(deps: AuthorisedDispatchDeps): Dispatch {
  return async (channel, rawInput, principal = deps.local) => {
    if (!isRequestChannel(channel)) return deps.inner(channel, rawInput, principal)
    const actor = { id: principal.id, name: principal.displayName, role: principal.role }
    // Audit details and targets come only from input the contract accepted (an invalid call is
    // still recorded, as failed, without the text its sender chose); `inner` answers its problem.
    const checked = checkRequest(channel, rawInput)
    const input = (
      checked.ok && checked.input && typeof checked.input === 'object' ? checked.input : {}
    ) as Record<string, unknown>
    const audited = AUDITED_CALLS[channel]
    if (isAppChannel(channel)) {
      // The app's link to a team desk is the Electron app's own business: its window (principal
      // `local`) may ask its desk, nobody over the network may connect, re-pin or disconnect it.
      if (principal.via === 'local') return deps.inner(channel, rawInput, principal)
      return fail({
        kind: 'forbidden',
        message: `${channel} is answered by the desktop app itself (its link to a team desk); a desk does not serve it over the network. Use Settings → Team desk in the app.`,
      })
    }
    if (!roleMayCall(principal.role, channel)) {
      // A refused call that is not audited on its own (a read such as users:list) is recorded
      // as `access.denied`; the detail names the channel.
      await deps.audit()?.record(actor, audited?.action ?? 'access.denied', {
        outcome: 'denied',
        detail: `the ${principal.role} role may not call ${channel}`,
      })
      return fail({
        kind: 'forbidden',
        message: `Only an admin can do this (you are signed in as ${principal.displayName}, an ${principal.role}). Ask an admin of this desk.`,
      })
    }
    if (!audited) return deps.inner(channel, rawInput, principal)
    const before = await deps.target(input).catch(() => null)
    const end = audited.activity
      ? deps.presence.begin(actor, {
          what: audited.activity,
          entityId: before?.entityId ?? null,
          entityName: before?.entityName ?? null,
        })
      : () => {}
    try {
      const result = await deps.inner(channel, rawInput, principal)
      await recordOutcome(deps.audit(), actor, audited, channel, input, before, result, deps.target)
      return result
    } finally {
      // After the record: a page that reloads its "who did what" on this push finds it.
      end()
    }
  }
}

/** Records how an audited call ended, on the entities it named. */
async function recordOutcome(
  trail: AuditTrail | null,
  actor: AuditActor,
  audited: AuditedCall,
  channel: string,
  input: Record<string, unknown>,
  before: CallTarget | null,
  result: Result<unknown>,
  target: AuthorisedDispatchDeps['target'],
): Promise<void> {
  const detail = result.ok
    ? (audited.detail?.(input) ?? '')
    : `${audited.detail ? `${audited.detail(input)}: ` : ''}${result.problem.message}`
  const outcome = result.ok ? 'ok' : 'failed'
  const after = resultTargets(channel, result)
  if (after.length === 0) {
    await trail?.record(actor, audited.action, { ...before, outcome, detail })
  } else {
    for (const one of after) {
      const named = await target({ entityId: one.entityId }).catch(() => null)
      await trail?.record(actor, one.action ?? audited.action, {
        entityId: one.entityId,
        entityName: named?.entityName ?? null,
        outcome: one.failed ? 'failed' : outcome,
        detail: one.detail ?? detail,
      })
    }
  }
}
