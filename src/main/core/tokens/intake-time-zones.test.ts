import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The shared window, verdict and countdown tests (src/shared/intake) must give the same answers whatever
// zone the machine is in: run them again in child vitest processes under zones that differ from
// Zurich in offset and DST. The test lives here because shared code may not import node:*.
const CHILD_FLAG = 'DESK_TZ_CHILD'
const here = fileURLToPath(new URL('../../../shared/intake/', import.meta.url))

describe.runIf(!process.env[CHILD_FLAG])('intake time logic under other machine zones', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'])(
    'passes the window and format tests with TZ=%s',
    (tz) => {
      const child = spawnSync(
        process.execPath,
        [
          'node_modules/vitest/vitest.mjs',
          'run',
          `${here}intake-window.test.ts`,
          `${here}window-verdict.test.ts`,
          `${here}format-time.test.ts`,
          '--reporter=json',
        ],
        { env: { ...process.env, TZ: tz, [CHILD_FLAG]: '1' }, encoding: 'utf8', cwd: process.cwd() },
      )
      const out = child.stdout
      expect(out, child.stderr).toContain('{')
      const report = JSON.parse(out.slice(out.indexOf('{'))) as {
        numFailedTests: number
        numPassedTests: number
      }
      expect(report.numFailedTests).toBe(0)
      expect(report.numPassedTests).toBeGreaterThan(10)
    },
    120_000,
  )
})
