import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { appMenuTemplate } = await import('./app-menu')

function roles(template: ReturnType<typeof appMenuTemplate>): string[] {
  const out: string[] = []
  const walk = (items: ReturnType<typeof appMenuTemplate>) => {
    for (const item of items) {
      if (item.role) out.push(item.role)
      if (Array.isArray(item.submenu)) walk(item.submenu)
    }
  }
  walk(template)
  return out
}

describe('app menu', () => {
  it('offers developer tools only in development builds', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', isPackaged: false, onOpen: () => {} }))).toContain(
      'toggleDevTools',
    )
    const packaged = roles(appMenuTemplate({ platform: 'linux', isPackaged: true, onOpen: () => {} }))
    expect(packaged).not.toContain('toggleDevTools')
    expect(packaged).not.toContain('reload')
    expect(packaged).toContain('quit')
  })

  it('uses the macOS app menu only on macOS', () => {
    expect(roles(appMenuTemplate({ platform: 'darwin', isPackaged: true, onOpen: () => {} }))[0]).toBe(
      'appMenu',
    )
    expect(roles(appMenuTemplate({ platform: 'win32', isPackaged: true, onOpen: () => {} }))).not.toContain(
      'appMenu',
    )
  })

  it('reopens the desk window from the File menu', () => {
    const onOpen = vi.fn()
    const file = appMenuTemplate({ platform: 'linux', isPackaged: true, onOpen }).find(
      (m) => m.label === 'File',
    )
    const open = (file?.submenu as Array<{ label?: string; click?: () => void }>).find(
      (i) => i.label === 'Open Desk Window',
    )
    open?.click?.()
    expect(onOpen).toHaveBeenCalledTimes(1)
  })
})
