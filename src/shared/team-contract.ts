/** The team desk's part of the contract: input schemas and output types of its channels. */
import { z } from 'zod'
import { safeText, strictObject } from './input-rules'
import type { AccessTokenView, AuditPage, PresenceView, SessionMe } from './team-model'

const time = z.number().int().nonnegative()

/** Filters of the audit trail. */
export const auditQuerySchema = strictObject({
  actor: safeText('The user name', { max: 100 }).optional(),
  action: safeText('The action', { max: 60 }).optional(),
  entityId: safeText('The entity id', { max: 200 }).optional(),
  fromMs: time.optional(),
  toMs: time.optional(),
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).optional(),
})

/** Input schemas of the team channels. */
export const teamRequestSchemas = {
  'session:me': strictObject({}),
  'audit:query': auditQuerySchema,
  'audit:export-csv': auditQuerySchema.omit({ beforeSeq: true, limit: true }),
  'account:tokens': strictObject({}),
  'account:create-token': strictObject({
    name: safeText('The token name', {
      min: 1,
      max: 80,
      requiredMessage: 'Name the token after what uses it, e.g. "nightly report script"',
    }),
  }),
  'account:revoke-token': strictObject({ tokenId: safeText('The token id', { min: 1, max: 100 }) }),
  'presence:list': strictObject({}),
}

/** Outputs of the team channels. */
export type TeamRequestOutputs = {
  'session:me': SessionMe
  'audit:query': AuditPage
  'audit:export-csv': { filename: string; csv: string; rows: number }
  'account:tokens': AccessTokenView[]
  /** `token` is shown once: the desk keeps only its hash. */
  'account:create-token': { token: string; view: AccessTokenView }
  'account:revoke-token': AccessTokenView[]
  'presence:list': PresenceView
}

/** Pushes of the team desk. */
export type TeamPushPayloads = {
  'presence:changed': PresenceView
}
