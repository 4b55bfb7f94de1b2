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

/** A required text field with a clear word for a missing or non-text value (zod's says "received undefined"). */
const textOf = (label: string, requiredMessage: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? requiredMessage : `${label} must be text.`) })

/** The longest password or user name a sign-in accepts (longer is refused, never cut). */
export const SIGN_IN_MAX_CHARS = { name: 200, password: 300 } as const

/**
 * The body of `POST /auth/sign-in` (the team desk's sign-in page, scripts) and of the Electron
 * app's password sign-in: a user name, the password, after a one-time password the user's own
 * new one. Messages never repeat a value (it may be a password).
 */
export const signInBodySchema = strictObject({
  name: textOf('The user name', 'Enter your user name.').pipe(
    safeText('The user name', {
      min: 1,
      max: SIGN_IN_MAX_CHARS.name,
      requiredMessage: 'Enter your user name.',
    }),
  ),
  password: textOf('The password', 'Enter your password.')
    .min(1, 'Enter your password.')
    .max(
      SIGN_IN_MAX_CHARS.password,
      `The password is at most ${SIGN_IN_MAX_CHARS.password} characters long.`,
    ),
  newPassword: textOf('The new password', 'Enter your new password.')
    .min(1, 'Enter your new password.')
    .max(
      SIGN_IN_MAX_CHARS.password,
      `The new password is at most ${SIGN_IN_MAX_CHARS.password} characters long.`,
    )
    .optional(),
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
