import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeskNotification } from '../../../shared/model'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeClasses, resetFakeElectron } = await import('./fake-electron')
const { showDeskNotification } = await import('./desk-notifications')

const note: DeskNotification = {
  id: 'n1',
  level: 'error',
  title: 'Refresh token rejected',
  body: 'Acme AG needs a new request token.',
  entityId: 'e1',
  atMs: 0,
}

describe('native notifications', () => {
  beforeEach(() => resetFakeElectron())

  it('shows a notify push natively and reopens the window on click', () => {
    const onClick = vi.fn()
    expect(showDeskNotification(note, onClick)).toBe(true)
    const shown = fakeClasses.FakeNotification.shown[0]
    expect(shown?.options).toMatchObject({ title: note.title, body: note.body })
    shown?.emit('click')
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('does nothing where the platform has no notifications', () => {
    fakeClasses.FakeNotification.supported = false
    expect(showDeskNotification(note, () => {})).toBe(false)
    expect(fakeClasses.FakeNotification.shown).toHaveLength(0)
  })
})
