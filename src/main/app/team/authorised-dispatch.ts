/**
 * The desk's door with authorisation: every call from every transport passes the role table
 * (shared/channel-roles.ts; a `forbidden` Problem, 403 over HTTP, when the role may not), and
 * audited calls (audit-actions.ts) are recorded with their entity and outcome, with the caller's
 * activity shown in presence while they run.
 */
import { isRequestChannel } from '../../../shared/channels'
import { roleMayCall } from '../../../shared/channel-roles'
import { fail, type Result } from '../../../shared/result'
import type { Dispatch } from '../../core/ports'
import type { AuditTrail } from '../../core/team/audit-trail'
import type { Principal } from '../../core/team/principal'
import type { Presence } from '../../core/team/presence'
import { AUDITED_CALLS } from './audit-actions'

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

type TokenLike = { entityId?: unknown; tokenPreview?: unknown; state?: unknown }

/** Entities named by a call's result (a paste names one per accepted token, with its state). */
function resultTargets(channel: string, result: Result<unknown>): { entityId: string; detail?: string }[] {
  if (!result.ok) return []
  const v = result.value as { id?: unknown; accepted?: TokenLike[] }
  if (channel === 'tokens:submit')
    return (v.accepted ?? []).map((t) => ({
      entityId: String(t.entityId),
      detail: `token ${String(t.tokenPreview)}, now ${String(t.state)}`,
    }))
  if (channel === 'entities:create' && typeof v.id === 'string') return [{ entityId: v.id }]
  return []
}

/** Wraps `inner` with the role check, the audit trail and presence. */
export function createAuthorisedDispatch(deps: AuthorisedDispatchDeps): Dispatch {
  return async (channel, rawInput, principal = deps.local) => {
    if (!isRequestChannel(channel)) return deps.inner(channel, rawInput, principal)
    const actor = { id: principal.id, name: principal.displayName, role: principal.role }
    const input = (rawInput && typeof rawInput === 'object' ? rawInput : {}) as Record<string, unknown>
    const audited = AUDITED_CALLS[channel]
    if (!roleMayCall(principal.role, channel)) {
      await deps.audit()?.record(actor, audited?.action ?? channel, {
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
    let result: Result<unknown>
    try {
      result = await deps.inner(channel, rawInput, principal)
    } finally {
      end()
    }
    const detail = result.ok
      ? (audited.detail?.(input) ?? '')
      : `${audited.detail ? `${audited.detail(input)}: ` : ''}${result.problem.message}`
    const outcome = result.ok ? 'ok' : 'failed'
    const trail = deps.audit()
    const after = resultTargets(channel, result)
    if (after.length === 0) {
      await trail?.record(actor, audited.action, { ...before, outcome, detail })
    } else {
      for (const one of after) {
        const target = await deps.target({ entityId: one.entityId }).catch(() => null)
        await trail?.record(actor, audited.action, {
          entityId: one.entityId,
          entityName: target?.entityName ?? null,
          outcome,
          detail: one.detail ?? detail,
        })
      }
    }
    return result
  }
}
