/**
 * The desk the Electron app runs: its own desk (createDesk) when solo, or a client of a team desk
 * (adapters/team-client). Under plain Node like the rest of app/, so both roles are tested
 * without Electron; index.ts injects it into the shell as `createDesk`.
 */
import type { TeamLinkStore } from '../adapters/team-client/team-link-store'
import { createFileTeamLinkStore } from '../adapters/team-client/team-link-store'
import {
  startTeamLinkDesk,
  type TeamLinkDesk,
  type TeamLinkDeskDeps,
} from '../adapters/team-client/team-link-desk'
import { createDesk, type DeskOptions } from './desk'
import { createPushBus } from './push-bus'

/** Extras for tests: the link store and the reconnect back-off. */
export type ElectronDeskExtras = Partial<Pick<TeamLinkDeskDeps, 'reconnectDelayMs' | 'probe'>> & {
  teamLinks?: TeamLinkStore
}

/** Starts the Electron app's desk for `options` (the local desk only runs while solo). */
export function createElectronDesk(
  options: DeskOptions,
  extras: ElectronDeskExtras = {},
): Promise<TeamLinkDesk> {
  const log = options.log
  return startTeamLinkDesk({
    startLocal: () => createDesk(options),
    store:
      extras.teamLinks ??
      createFileTeamLinkStore(options.dataDir, (why) =>
        log.warn('team link: team-desk.json could not be read, starting solo', { why }),
      ),
    bus: createPushBus((err) => log.error('push: a listener failed', { err })),
    log,
    fallbackTimeZone: () => options.settings.read().intakeWindow.timeZone,
    version: options.version,
    ...(extras.reconnectDelayMs ? { reconnectDelayMs: extras.reconnectDelayMs } : {}),
    ...(extras.probe ? { probe: extras.probe } : {}),
  })
}
