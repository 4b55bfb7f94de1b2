/**
 * The persisted metadata of a request token (the store's request_tokens rows). The token itself is never here: while
 * pending it lives in the keychain as `request-token:${id}`, and only its SHA-256 hash (to spot a
 * token pasted twice) and a masked preview are stored.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Problem } from '../../../shared/result'

const problemSchema = z.custom<Problem>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Problem).kind === 'string' &&
    typeof (v as Problem).message === 'string',
  'Expected a problem with a kind and a message',
)

/** One request token's metadata. */
export const tokenRecordSchema = z.object({
  id: z.string(),
  entityId: z.string(),
  outtaskId: z.string(),
  companyUuid: z.string(),
  /** SHA-256 (hex) of the token, to flag duplicates; not reversible for a random token. */
  tokenHash: z.string(),
  tokenPreview: z.string(),
  receivedAtMs: z.number(),
  expiresAtMs: z.number(),
  state: z.enum(['pending', 'exchanging', 'exchanged', 'failed', 'expired']),
  /** Why the last exchange failed. */
  problem: problemSchema.nullable(),
  exchangedAtMs: z.number().nullable(),
  /** After a successful exchange: the hand-off of the refresh token to Faces. */
  handOff: z
    .object({
      doneAtMs: z.number().nullable(),
      attemptedAtMs: z.number(),
      problem: problemSchema.nullable(),
    })
    .nullable(),
  /** Set when staff discarded the token; it is then hidden from lists but kept for duplicate checks. */
  discardedAtMs: z.number().nullable(),
})
export type TokenRecord = z.infer<typeof tokenRecordSchema>

/** The token book's working set: every token's metadata. */
export type TokensDocument = { tokens: TokenRecord[] }

/** The duplicate-detection hash of a request token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(`faces-concur-desk:request-token:${token}`).digest('hex')
}
