/**
 * Checks one request against the contract before it goes anywhere: a known channel and an input
 * its schema accepts. The Electron app's team-desk relay checks here (the team desk checks again),
 * so a payload the contract refuses never leaves the app.
 */
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
  const parsed = requestSchemas[channel].safeParse(rawInput ?? {})
  if (parsed.success) return { ok: true, channel, input: parsed.data }
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
