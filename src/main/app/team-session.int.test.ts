/** Shared instances are a production team desk's: a Sandbox session refuses them, saying why and what to do. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freshLocation } from '../adapters/storage/test-backends.test-helper'
import { systemClock } from '../core/clock'
import { silentLogger } from '../logging/logger'
import { buildSession } from './session'
import { createPushBus } from './push-bus'

describe('a session with --instances shared', () => {
  it('is refused in the Sandbox before the store is opened', async () => {
    const location = freshLocation('postgres')
    if (location.kind !== 'postgres') throw new Error('postgres expected')
    const err = await buildSession({
      environment: 'sandbox',
      dataDir: mkdtempSync(join(tmpdir(), 'desk-team-')),
      databaseUrl: `${location.url}${location.url.includes('?') ? '&' : '?'}schema=${location.schema}`,
      instances: 'shared',
      settings: { read: () => ({}) as never, write: () => {}, path: '/nowhere' },
      secrets: {
        read: async () => null,
        write: async () => {},
        remove: async () => {},
        describe: () => ({ backend: 'memory', detail: 'test' }),
      },
      clock: systemClock,
      log: silentLogger,
      fetch: async () => {
        throw new Error('no network in this test')
      },
      bus: createPushBus(),
    }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(String(err)).toMatch(/Several desk instances share only a production desk/)
  })
})
