/**
 * The runtime shape of a `Result` as it crosses a wire (service mode's JSON replies): a reply that
 * does not match is reported as a clear failure instead of being trusted.
 */
import { z } from 'zod'
import { PROBLEM_KINDS, type Result } from './result'

const problemSchema = z.object({
  kind: z.enum(PROBLEM_KINDS),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  correlationId: z.string().optional(),
})

/** A success (its `value` is checked by the caller's own types; JSON drops an undefined one) or a failure. */
export const resultEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), problem: problemSchema }),
])

/** The reply as a Result, or null when it is not shaped like one. */
export function readResultEnvelope(reply: unknown): Result<unknown> | null {
  const parsed = resultEnvelopeSchema.safeParse(reply)
  if (!parsed.success) return null
  const r = parsed.data
  if (r.ok) return { ok: true, value: r.value }
  const { fields, correlationId, ...rest } = r.problem
  return {
    ok: false,
    problem: { ...rest, ...(fields ? { fields } : {}), ...(correlationId ? { correlationId } : {}) },
  }
}
