/** Wake-up handling: after sleep, timers fire late, so the desk re-checks its schedule at once. */
import { powerMonitor } from 'electron'

/** Calls `onResume` whenever the machine resumes from sleep; returns the function that stops it. */
export function watchPowerResume(onResume: () => void): () => void {
  const listener = (): void => onResume()
  powerMonitor.on('resume', listener)
  return () => {
    powerMonitor.off('resume', listener)
  }
}
