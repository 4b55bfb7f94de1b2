/**
 * Checks one request against the contract before it goes anywhere: a known channel and an input
 * its schema accepts. The Electron app's team-desk relay checks here (the team desk checks again),
 * so a payload the contract refuses never leaves the app.
 */
import type { z } from 'zod'
import { isRequestChannel, type RequestChannel } from './channels'
import { requestSchemas } from './contract'
import type { Problem } from './result'

/** The validated request, or the problem to answer with. */
export type RequestCheck =
  { ok: true; channel: RequestChannel; input: unknown } | { ok: false; problem: Problem }

/** Validates `channel` and `rawInput` with the contract (the same wording as the desk's dispatcher). */
export function checkRequest(channel: unknown, rawInput: unknown): RequestCheck {
  if (!isRequestChannel(channel))
    return {
      ok: false,
      problem: { kind: 'invalid-input', message: `Unknown request "${String(channel).slice(0, 60)}".` },
    }
  const checked = checkInput(requestSchemas[channel], rawInput)
  return checked.ok ? { ok: true, channel, input: checked.input } : checked
}

/**
 * Validates one input with its schema: the parsed value, or an `invalid-input` Problem that names
 * each field's complaint (messages only: never the value that was sent, which may be a secret).
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  rawInput: unknown,
): { ok: true; input: z.output<S> } | { ok: false; problem: Problem } {
  const parsed = schema.safeParse(rawInput ?? {})
  if (parsed.success) return { ok: true, input: parsed.data }
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(input)'] = issue.message
  // An unknown key explains the other complaints (a typo leaves the real field missing): say it first.
  const first =
    parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys') ?? parsed.error.issues[0]
  return {
    ok: false,
    problem: {
      kind: 'invalid-input',
      message: first
        ? `Invalid ${first.path.join('.') || 'input'}: ${first.message}`
        : 'The request was not valid.',
      fields,
    },
  }
}
