import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

/** Where SAP's verbatim sample payloads live (shared with the other areas); CONCUR_FIXTURES overrides it. */
export const CONCUR_FIXTURE_DIR =
  process.env['CONCUR_FIXTURES'] ??
  resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/fixtures/concur')

/** Reads one fixture as text (test helper). */
export function readFixture(name: string): string {
  return readFileSync(resolve(CONCUR_FIXTURE_DIR, name), 'utf8')
}

/** Every fixture file name (test helper). */
export function listFixtures(): string[] {
  return readdirSync(CONCUR_FIXTURE_DIR).filter((f) => f !== 'README.md')
}
