import type { RequestChannel } from '../../shared/channels'
import type { RequestInput, RequestOutputs } from '../../shared/contract'
import { checkRequest } from '../../shared/request-check'
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
    const checked = checkRequest(channel, rawInput)
    if (!checked.ok) return fail(checked.problem)
    try {
      const handler = handlers[checked.channel] as (input: unknown, ctx: CallContext) => Promise<unknown>
      return ok(await handler(checked.input, { principal }))
    } catch (err) {
      // One mapper for every area's errors: kind, message and correlation id survive; anything
      // unclassified is a bug whose text (which may hold anything) stays in the log.
      const problem = toProblem(err)
      if (isUnexpected(err) || problem.kind === 'bug')
        log.error(`${checked.channel}: unexpected failure`, { err })
      return fail(problem)
    }
  }
}
