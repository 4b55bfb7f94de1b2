import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { acquireSingleInstanceLock } = await import('./single-instance')
const { watchPowerResume } = await import('./power-resume')

describe('single instance and power resume', () => {
  beforeEach(() => resetFakeElectron())

  it('focuses the first instance when a second one starts', () => {
    const onSecond = vi.fn()
    expect(acquireSingleInstanceLock(onSecond)).toBe(true)
    fakeElectron.app.emit('second-instance')
    expect(onSecond).toHaveBeenCalledTimes(1)
  })

  it('reports a lost lock so the second instance quits', () => {
    fakeElectron.app.hasLock = false
    const onSecond = vi.fn()
    expect(acquireSingleInstanceLock(onSecond)).toBe(false)
    expect(fakeElectron.app.listenerCount('second-instance')).toBe(0)
  })

  it('calls the resume handler on every resume until stopped', () => {
    const onResume = vi.fn()
    const stop = watchPowerResume(onResume)
    fakeElectron.powerMonitor.emit('resume')
    fakeElectron.powerMonitor.emit('resume')
    stop()
    fakeElectron.powerMonitor.emit('resume')
    expect(onResume).toHaveBeenCalledTimes(2)
  })
})
