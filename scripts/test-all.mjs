#!/usr/bin/env node
// The whole test suite, as README's test command and CI run it: static checks, unit and
// integration tests (vitest, real keychain, real loopback HTTP), the build, end-to-end tests in
// Debian Chromium against service mode, and the Electron smoke test (skipped, and reported as
// skipped, where no Electron runtime exists). Ends with one "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const reports = join(root, 'test-results', 'reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)

const steps = [
  ['typecheck (main, preload, shared)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']],
  ['typecheck (renderer, shared)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']],
  ['typecheck (cross-layer tests)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.test.json']],
  ['lint (typescript-eslint, electron-security, layering)', bin('eslint'), ['.', '--max-warnings=0']],
  ['format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['electronegativity gate', process.execPath, ['scripts/electronegativity-gate.mjs']],
  ['build (electron-vite)', bin('electron-vite'), ['build']],
  [
    'unit + integration tests (vitest)',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`],
  ],
  [
    'property-based fault schedules (fast-check, 1,000 seeded runs over both simulators)',
    bin('vitest'),
    [
      'run',
      '-c',
      'test/fault/vitest.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'vitest-fault.json')}`,
    ],
  ],
  [
    'end-to-end + electron smoke (playwright, Debian Chromium)',
    bin('playwright'),
    ['test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') },
  ],
]

const results = []
for (const [name, cmd, args, env] of steps) {
  process.stdout.write(`\n=== ${name}\n`)
  const started = Date.now()
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  results.push({ name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 })
}

let passed = 0
let failed = 0
let skipped = 0
for (const name of ['vitest.json', 'vitest-fault.json']) {
  const report = join(reports, name)
  if (!existsSync(report)) continue
  const v = JSON.parse(readFileSync(report, 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += v.numFailedTests ?? 0
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
}
const pwReport = join(reports, 'playwright.json')
if (existsSync(pwReport)) {
  const p = JSON.parse(readFileSync(pwReport, 'utf8'))
  passed += p.stats?.expected ?? 0
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0)
  skipped += p.stats?.skipped ?? 0
}

process.stdout.write('\n=== summary\n')
for (const r of results)
  process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)\n`)
const stepFailures = results.filter((r) => !r.ok).length
if (skipped > 0)
  process.stdout.write(`${skipped} skipped test(s) are NOT counted as passed (see above for why).\n`)
process.stdout.write(`${passed} passed, ${failed + stepFailures} failed, ${skipped} skipped\n`)
process.exit(failed + stepFailures > 0 ? 1 : 0)
