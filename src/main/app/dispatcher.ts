import { isRequestChannel, type RequestChannel } from '../../shared/channels'
import { requestSchemas, type RequestInput, type RequestOutputs } from '../../shared/contract'
import { fail, ok } from '../../shared/result'
import { isUnexpected, toProblem } from '../core/errors/to-problem'
import type { Dispatch } from '../core/ports'
import { soloPrincipal, type Principal } from '../core/team/principal'
import type { Logger } from '../logging/logger'

/** Who a handler acts for (the dispatch's principal, the local user when the transport names none). */
export type CallContext = { principal: Principal }

/** For a handler the desk calls itself (the Sandbox's own set-up): the desk acts, no user. */
export const DESK_ITSELF: CallContext = { principal: soloPrincipal('the desk', 'local') }

/** One handler per request channel; handlers receive validated input and may throw any DeskError (core/errors). */
export type Handlers = {
  [C in RequestChannel]: (input: RequestInput<C>, ctx: CallContext) => Promise<RequestOutputs[C]>
}

/** Builds the transport-neutral dispatcher over the handlers. */
export function createDispatcher(
  handlers: Handlers,
  log: Logger,
  local: Principal = soloPrincipal('you', 'local'),
): Dispatch {
  return async (channel, rawInput, principal = local) => {
    if (!isRequestChannel(channel)) {
      return fail({ kind: 'invalid-input', message: `Unknown request "${String(channel).slice(0, 60)}".` })
    }
    const parsed = requestSchemas[channel].safeParse(rawInput ?? {})
    if (!parsed.success) {
      const fields: Record<string, string> = {}
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(input)'] = issue.message
      // An unknown key explains the other complaints (a typo leaves the real field missing): say it first.
      const first =
        parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys') ?? parsed.error.issues[0]
      return fail({
        kind: 'invalid-input',
        message: first
          ? `Invalid ${first.path.join('.') || 'input'}: ${first.message}`
          : 'The request was not valid.',
        fields,
      })
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>
      return ok(await handler(parsed.data, { principal }))
    } catch (err) {
      // One mapper for every area's errors: kind, message and correlation id survive; anything
      // unclassified is a bug whose text (which may hold anything) stays in the log.
      const problem = toProblem(err)
      if (isUnexpected(err) || problem.kind === 'bug') log.error(`${channel}: unexpected failure`, { err })
      return fail(problem)
    }
  }
}
