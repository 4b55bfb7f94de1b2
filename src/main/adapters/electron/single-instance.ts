/** One desk per user: a second launch focuses the first window and exits. */
import { app } from 'electron'

/**
 * Takes the single-instance lock. Returns false when another instance holds it (the caller quits);
 * otherwise `onSecondInstance` runs whenever someone launches the app again.
 */
export function acquireSingleInstanceLock(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', () => onSecondInstance())
  return true
}
