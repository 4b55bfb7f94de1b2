#!/usr/bin/env node
// Starts Faces Concur Desk: builds when the sources are newer than the build, then opens the
// Electron app, or, where no Electron runtime exists (it downloads on first run on a connected
// machine), falls back to service mode. `--service` starts service mode on purpose.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const wantService = args.includes('--service')
const passThrough = args.filter((a) => a !== '--service')

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)))
  return newest
}

function ensureBuilt() {
  const stamp = join(root, 'out', 'main', 'service.js')
  const built =
    existsSync(stamp) && existsSync(join(root, 'out', 'renderer', 'index.html')) ? statSync(stamp).mtimeMs : 0
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'electron.vite.config.ts')))
  if (built >= sources) return
  process.stdout.write('Building the desk (electron-vite build)…\n')
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (r.status !== 0) {
    process.stderr.write('The build failed; see the errors above.\n')
    process.exit(r.status ?? 1)
  }
}

/** The Electron executable when its runtime is installed, else null (never triggers a download). */
function electronExecutable() {
  const pkgDir = join(root, 'node_modules', 'electron')
  const pathFile = join(pkgDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

ensureBuilt()
const electron = wantService ? null : electronExecutable()
let child
if (electron) {
  child = spawn(electron, [root, ...passThrough], { stdio: 'inherit', cwd: root })
} else {
  if (!wantService) {
    process.stdout.write(
      'No Electron runtime on this machine (it is downloaded on first run on a connected machine): starting service mode instead.\n',
    )
  }
  child = spawn(process.execPath, [join(root, 'out', 'main', 'service.js'), ...passThrough], {
    stdio: 'inherit',
    cwd: root,
  })
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
