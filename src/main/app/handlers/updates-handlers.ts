/** Handlers for the desk's own updates (Settings → Updates). */
import type { Handlers } from '../dispatcher'
import type { DeskUpdater } from '../../core/updates/desk-updater'

/** The updates handlers over whichever updater this build has. */
export function createUpdatesHandlers(
  updater: DeskUpdater,
): Pick<Handlers, 'updates:status' | 'updates:check' | 'updates:install'> {
  return {
    'updates:status': () => Promise.resolve(updater.status()),
    'updates:check': () => updater.check('user'),
    'updates:install': () => updater.install(),
  }
}
