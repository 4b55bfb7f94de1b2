/**
 * The intake rules are defined once (src/shared/intake/intake-defaults.ts) and every other place
 * uses that definition: the settings defaults, the README, and no second copy of the window times.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDeskSettings } from '../../src/main/core/settings/desk-settings'
import {
  DEFAULT_INTAKE_WINDOW,
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  requestTokenLifetimeText,
} from '../../src/shared/intake/intake-defaults'

const root = join(import.meta.dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(name) && !/\.test(?:-helper)?\.tsx?$/.test(name) && !p.includes('/testing/')
      ? [p]
      : []
  })
}

describe('the intake rules, said once', () => {
  it('are the settings defaults', () => {
    const s = defaultDeskSettings()
    expect(s.intakeWindow).toEqual(DEFAULT_INTAKE_WINDOW)
    expect(s.requestTokenLifetimeHours).toBe(DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS)
  })

  it('are stated in the README in the same words as in the desk', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(requestTokenLifetimeText())
  })

  it('have no second copy of the window times anywhere in src/', () => {
    const copies = sourceFiles(join(root, 'src'))
      .filter((f) => !f.endsWith(join('shared', 'intake', 'intake-defaults.ts')))
      .filter((f) => /'(?:06:00|14:30|15:00)'/.test(readFileSync(f, 'utf8')))
    expect(copies).toEqual([])
  })
})
