/**
 * Where a session's token desk runs its timers (the expiry sweep): on a solo desk here; on a team
 * desk on the one instance that holds the `token-timers` lease, the others taking over when it
 * expires.
 */
import { TOKEN_TIMERS_LEASE } from '../core/team/shared-work'
import type { TokenDesk } from '../core/tokens/token-desk'
import type { TeamInstanceParts } from './team-instance'

/** Starts the token desk's timers (now, or whenever this instance holds their lease); returns the stop of the lease's watch. */
export function startTokenTimers(
  tokenDesk: Pick<TokenDesk, 'start' | 'stop'>,
  team: Pick<TeamInstanceParts, 'work'> | null,
): () => void {
  const timers = new AbortController()
  if (team)
    void team.work.whileHolding(TOKEN_TIMERS_LEASE, timers.signal, async (signal) => {
      tokenDesk.start('session: this instance holds the token timers')
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      tokenDesk.stop('token timers handed over')
    })
  else tokenDesk.start('session')
  return () => timers.abort()
}
