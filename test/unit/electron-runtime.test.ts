/** The Electron smoke test's run/skip/fail decision: skipped here, required on release runners. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decideElectronRun } from '../electron/electron-runtime'

function electronPackage(withRuntime: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-pkg-'))
  if (withRuntime) {
    writeFileSync(join(dir, 'path.txt'), 'electron')
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist', 'electron'), '')
  }
  return dir
}

describe('whether the Electron smoke test runs', () => {
  it('skips, saying why, where the runtime was never downloaded', () => {
    const d = decideElectronRun({
      packageDir: electronPackage(false),
      env: { DISPLAY: ':0' },
      platform: 'linux',
    })
    expect(d).toEqual({ skip: expect.stringMatching(/path\.txt is absent.*SKIPPED, not passed/) })
  })

  it('fails instead of skipping when the release job requires it', () => {
    const d = decideElectronRun({
      packageDir: electronPackage(false),
      env: { DESK_REQUIRE_ELECTRON: '1' },
      platform: 'win32',
    })
    expect(d).toEqual({ fail: expect.stringMatching(/must run here \(DESK_REQUIRE_ELECTRON=1\)/) })
    const noDisplay = decideElectronRun({
      packageDir: electronPackage(true),
      env: { DESK_REQUIRE_ELECTRON: '1' },
      platform: 'linux',
    })
    expect(noDisplay).toEqual({ fail: expect.stringMatching(/no DISPLAY/) })
  })

  it('runs the downloaded runtime where there is a display', () => {
    const dir = electronPackage(true)
    expect(decideElectronRun({ packageDir: dir, env: {}, platform: 'darwin' })).toEqual({
      run: join(dir, 'dist', 'electron'),
    })
    expect(decideElectronRun({ packageDir: dir, env: { WAYLAND_DISPLAY: 'w' }, platform: 'linux' })).toEqual({
      run: join(dir, 'dist', 'electron'),
    })
  })
})
