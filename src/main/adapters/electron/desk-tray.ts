/** The tray icon: shows when the next poll runs, reopens the window, quits. */
import { Menu, Tray, nativeImage } from 'electron'

/** Formats the tray line for the next poll (`timeZone` is the desk's business zone). */
export function nextPollLabel(nextPollAtMs: number | null, timeZone: string): string {
  if (nextPollAtMs === null) return 'No poll scheduled'
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(nextPollAtMs),
  )
  return `Next poll at ${time}`
}

/** What the tray needs. */
export type DeskTrayDeps = {
  iconPath: string
  timeZone: string
  onOpen(): void
  onQuit(): void
}

/** A tray whose tooltip and first menu line show the next poll. */
export interface DeskTray {
  setNextPoll(nextPollAtMs: number | null): void
  destroy(): void
}

/** Creates the tray icon. */
export function createDeskTray(deps: Readonly<DeskTrayDeps>): DeskTray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath))
  tray.on('click', () => deps.onOpen())

  function render(nextPollAtMs: number | null): void {
    const label = nextPollLabel(nextPollAtMs, deps.timeZone)
    tray.setToolTip(`Faces Concur Desk: ${label}`)
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Open Faces Concur Desk', click: () => deps.onOpen() },
        { label: 'Quit', click: () => deps.onQuit() },
      ]),
    )
  }

  render(null)
  return {
    setNextPoll: render,
    destroy: () => tray.destroy(),
  }
}
