import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { relative, resolve } from 'node:path'

/** The project's own Concur payloads (test/fixtures/concur; its README names each one's SAP doc page). */
export const CONCUR_FIXTURE_DIR = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../test/fixtures/concur',
)

const REPO_ROOT = resolve(CONCUR_FIXTURE_DIR, '../../..')

/**
 * Reads one fixture as text (test helper). A missing file fails at once with the path, never later
 * inside a stubbed HTTP call where the client would retry it into a test timeout.
 */
export function readFixture(name: string): string {
  const path = resolve(CONCUR_FIXTURE_DIR, name)
  if (!existsSync(path)) {
    throw new Error(
      `Concur fixture "${name}" is missing: expected ${relative(REPO_ROOT, path)}. ` +
        'The fixtures are part of the repository; restore the file from git (or add it with a row in its README).',
    )
  }
  return readFileSync(path, 'utf8')
}

/** Every fixture file name (test helper). */
export function listFixtures(): string[] {
  return readdirSync(CONCUR_FIXTURE_DIR).filter((f) => f !== 'README.md')
}
