import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, resetFakeElectron } = await import('./fake-electron')
const { createDeskTray, nextPollLabel } = await import('./desk-tray')

describe('desk tray', () => {
  beforeEach(() => resetFakeElectron())

  it('formats the next poll in the business time zone', () => {
    // 2026-01-15T13:05:00Z is 14:05 in Zurich (CET, UTC+1).
    expect(nextPollLabel(Date.UTC(2026, 0, 15, 13, 5), 'Europe/Zurich')).toBe('Next poll at 14:05')
    // Summer time: 2026-07-15T12:20:00Z is 14:20 in Zurich (CEST, UTC+2).
    expect(nextPollLabel(Date.UTC(2026, 6, 15, 12, 20), 'Europe/Zurich')).toBe('Next poll at 14:20')
    expect(nextPollLabel(null, 'Europe/Zurich')).toBe('No poll scheduled')
  })

  it('shows the next poll in its tooltip and menu and wires open and quit', () => {
    const onOpen = vi.fn()
    const onQuit = vi.fn()
    const tray = createDeskTray({ iconPath: '/x/tray.png', timeZone: 'Europe/Zurich', onOpen, onQuit })
    const fake = fakeClasses.FakeTray.instances[0]
    if (!fake) throw new Error('no tray')
    expect(fake.tooltip).toBe('Faces Concur Desk: No poll scheduled')
    tray.setNextPoll(Date.UTC(2026, 0, 15, 13, 5))
    expect(fake.tooltip).toBe('Faces Concur Desk: Next poll at 14:05')
    expect(fake.menu[0]?.label).toBe('Next poll at 14:05')
    const open = fake.menu.find((m) => m.label === 'Open Faces Concur Desk') as { click(): void }
    const quit = fake.menu.find((m) => m.label === 'Quit') as { click(): void }
    open.click()
    quit.click()
    fake.emit('click')
    expect(onOpen).toHaveBeenCalledTimes(2)
    expect(onQuit).toHaveBeenCalledTimes(1)
    tray.destroy()
    expect(fake.destroyed).toBe(true)
  })
})
