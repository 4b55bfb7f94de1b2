/**
 * The Concur fixtures stay honest: each one is listed in its README with the SAP doc page it
 * follows, and each one is named by a test (so a fixture nobody reads fails the suite).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  CONCUR_FIXTURE_DIR,
  listFixtures,
  readFixture,
} from '../../src/main/core/concur/fixtures.test-helper'

const ROOT = resolve(CONCUR_FIXTURE_DIR, '../../..')
const SELF = resolve(ROOT, 'test/unit/concur-fixtures.test.ts')

/** Every test source in the repository except this file. */
function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testSources(path)
    return /\.test\.tsx?$/.test(entry.name) && path !== SELF ? [path] : []
  })
}

/** README table rows: file name → source column. */
function readmeRows(): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of readFileSync(join(CONCUR_FIXTURE_DIR, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length > 3 && /^[a-z0-9.-]+\.(?:json|xml|http|txt)$/.test(cells[1]!))
      rows.set(cells[1]!, cells[2]!)
  }
  return rows
}

describe('the Concur fixtures', () => {
  const fixtures = listFixtures().sort()

  it('live inside the repository', () => {
    expect(relative(ROOT, CONCUR_FIXTURE_DIR)).toBe(join('test', 'fixtures', 'concur'))
    expect(fixtures.length).toBeGreaterThan(30)
  })

  it('each have a README row that names the SAP doc page they follow, and no row names a missing file', () => {
    const rows = readmeRows()
    expect([...rows.keys()].sort()).toEqual(fixtures)
    for (const [file, source] of rows)
      expect(source, `${file}: source column`).toMatch(/^src\/[\w./-]+\.(markdown|md)\b/)
  })

  it('are each named by at least one test', () => {
    const sources = [...testSources(join(ROOT, 'src')), ...testSources(join(ROOT, 'test'))].map((p) =>
      readFileSync(p, 'utf8'),
    )
    const unread = fixtures.filter((f) => !sources.some((s) => s.includes(`'${f}'`)))
    expect(unread, 'fixtures no test names').toEqual([])
  })

  it('fail fast, naming the path, when one is missing', () => {
    expect(() => readFixture('no-such-fixture.json')).toThrowError(
      /Concur fixture "no-such-fixture\.json" is missing: expected test\/fixtures\/concur\/no-such-fixture\.json/,
    )
  })
})
