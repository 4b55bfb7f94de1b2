/**
 * The two storage backends for tests: a SQLite file in a temp folder, or a fresh schema on the
 * PostgreSQL server named by DESK_TEST_POSTGRES_URL (`./desk test` starts a throwaway one and
 * exports it). Without that URL every PostgreSQL test fails, saying how to get one: never skipped.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../core/clock'
import type { Clock } from '../../core/ports'
import { silentLogger, type Logger } from '../../logging/logger'
import type { DatabaseLocation } from './db/database-location'
import { openDeskStorage, type OpenDeskStorageOptions, type OpenedDeskStorage } from './open-desk-storage'

/** Both backends, for describe.each. */
export const BACKENDS = ['sqlite', 'postgres'] as const
export type Backend = (typeof BACKENDS)[number]

/** The test server's URL; throws (the test fails) when it is missing. */
export function testPostgresUrl(): string {
  const url = process.env['DESK_TEST_POSTGRES_URL']
  if (!url)
    throw new Error(
      'DESK_TEST_POSTGRES_URL is not set: run the tests through ./desk test (it starts a throwaway PostgreSQL and sets it), or point it at a server where this user may create schemas.',
    )
  return url
}

let schemaCounter = 0

/** A fresh, empty store location of `backend` (a new temp folder / a new schema). */
export function freshLocation(
  backend: Backend,
  dir = mkdtempSync(join(tmpdir(), 'desk-store-')),
): DatabaseLocation {
  if (backend === 'sqlite') return { kind: 'sqlite', file: join(dir, 'desk.sqlite') }
  const schema = `t${process.pid}_${Date.now().toString(36)}_${(++schemaCounter).toString(36)}`
  return { kind: 'postgres', url: testPostgresUrl(), schema }
}

/** Opens a store at `location` (default: a fresh one of `backend`). */
export function openTestStorage(
  backend: Backend,
  options: Partial<OpenDeskStorageOptions> & { clock?: Clock; log?: Logger } = {},
): Promise<OpenedDeskStorage> {
  return openDeskStorage({
    location: options.location ?? freshLocation(backend),
    clock: options.clock ?? systemClock,
    log: options.log ?? silentLogger,
    ...(options.legacy ? { legacy: options.legacy } : {}),
    ...(options.migrateTo ? { migrateTo: options.migrateTo } : {}),
    ...(options.backgroundCheckDelayMs !== undefined
      ? { backgroundCheckDelayMs: options.backgroundCheckDelayMs }
      : {}),
    maxConnections: options.maxConnections ?? 4,
    ...(options.instances ? { instances: options.instances } : {}),
  })
}
