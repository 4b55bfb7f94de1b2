/**
 * Whether the Electron smoke test can run here, decided without ever triggering the Electron
 * download (`require('electron')` would try to fetch the binary): the runtime is looked for on
 * disk. Where it is missing the test is SKIPPED (our machines), unless DESK_REQUIRE_ELECTRON=1
 * (release runners, `./desk test-electron`), where a missing runtime or display FAILS it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the smoke test does on this machine. */
export type ElectronRun = { run: string } | { skip: string } | { fail: string }

/** The facts the decision needs (the real ones come from `electronRunHere`). */
export type ElectronRunFacts = {
  /** node_modules/electron. */
  packageDir: string
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
}

function findRuntime({ packageDir, env }: ElectronRunFacts): { exe: string } | { missing: string } {
  const pathFile = join(packageDir, 'path.txt')
  const relativeExe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = join(env.ELECTRON_OVERRIDE_DIST_PATH, relativeExe ?? 'electron')
    return existsSync(exe) ? { exe } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${exe}` }
  }
  if (!relativeExe)
    return { missing: 'node_modules/electron/path.txt is absent (the Electron runtime was never downloaded)' }
  const exe = join(packageDir, 'dist', relativeExe)
  return existsSync(exe) ? { exe } : { missing: `${exe} does not exist` }
}

/** Decides run, skip or fail. */
export function decideElectronRun(facts: ElectronRunFacts): ElectronRun {
  const runtime = findRuntime(facts)
  const noDisplay =
    facts.platform === 'linux' && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY
      ? 'no DISPLAY or WAYLAND_DISPLAY (run it through ./desk test-electron, which starts Xvfb)'
      : null
  const reason = 'missing' in runtime ? runtime.missing : noDisplay
  if (!reason && 'exe' in runtime) return { run: runtime.exe }
  if (facts.env.DESK_REQUIRE_ELECTRON === '1')
    return { fail: `The Electron smoke test must run here (DESK_REQUIRE_ELECTRON=1) but cannot: ${reason}.` }
  return { skip: `No Electron runtime on this machine: ${reason}. Electron smoke test SKIPPED, not passed.` }
}
