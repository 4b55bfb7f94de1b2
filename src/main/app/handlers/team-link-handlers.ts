/**
 * The team-link channels as a desk answers them itself: a desk is always "solo" from its own point
 * of view. The Electron shell answers these channels before they reach a desk (it owns the link),
 * and the desk's dispatch refuses them to any caller over the network (shared/channel-roles.ts:
 * `app`), so only an in-process caller of the desk itself ever gets these answers.
 */
import { DeskError } from '../../core/errors/desk-error'
import type { Handlers } from '../dispatcher'

/** The channels of the app's link to a team desk. */
export type TeamLinkChannel = 'team:status' | 'team:connect' | 'team:confirm-certificate' | 'team:disconnect'

const ELSEWHERE =
  'Connecting to a team desk is done in the desktop app (Settings → Team desk). This page is already served by a desk.'

/** The desk's own answers to the team-link channels. */
export function createSoloTeamLinkHandlers(): Pick<Handlers, TeamLinkChannel> {
  const refuse = (): Promise<never> => Promise.reject(new DeskError('invalid-input', ELSEWHERE))
  return {
    'team:status': () => Promise.resolve({ mode: 'solo' as const }),
    'team:connect': refuse,
    'team:confirm-certificate': refuse,
    'team:disconnect': refuse,
  }
}
