/** Audit retention and the last sign-ins, on both storage backends, with a manual clock. */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import { teamWorld } from '../../../../test/support/team-world'
import { createAuditRetention } from './audit-retention'
import type { NewAuditRecord } from './team-stores'

const DAY_MS = 86_400_000

describe.each(BACKENDS)('audit retention (%s)', (backend) => {
  let world: Awaited<ReturnType<typeof teamWorld>>
  afterEach(async () => world?.close())

  const record = (atMs: number, over: Partial<NewAuditRecord> = {}): NewAuditRecord => ({
    atMs,
    actorId: 'u1',
    actorName: 'anna',
    action: 'sign-in',
    entityId: null,
    entityName: null,
    outcome: 'ok' as const,
    detail: '',
    ...over,
  })

  it('deletes records older than the retention, leaves a record of it, keeps the rest', async () => {
    world = await teamWorld(backend)
    const now = world.clock.nowMs()
    const audit = world.stores.audit
    await audit.append(record(now - 500 * DAY_MS))
    await audit.append(record(now - 401 * DAY_MS))
    await audit.append(record(now - 399 * DAY_MS))
    await audit.append(record(now - DAY_MS))
    const retention = createAuditRetention({
      store: () => audit,
      retentionDays: () => 400,
      clock: world.clock,
      onError: (err) => {
        throw err
      },
    })
    expect(await retention.pruneNow()).toBe(2)
    const { records } = await audit.query({ limit: 10 })
    expect(records.map((r) => r.atMs)).toEqual([now, now - DAY_MS, now - 399 * DAY_MS])
    expect(records[0]).toMatchObject({
      action: 'audit.prune',
      detail: '2 records older than 400 days removed (retention)',
    })
    expect(await retention.pruneNow()).toBe(0)
    expect((await audit.query({ limit: 10 })).total).toBe(3)
  })

  it('runs in the background once started and again every interval on the clock', async () => {
    world = await teamWorld(backend)
    const audit = world.stores.audit
    const retention = createAuditRetention({
      store: () => audit,
      retentionDays: () => 30,
      clock: world.clock,
      everyMs: DAY_MS,
      onError: () => {},
    })
    await audit.append(record(world.clock.nowMs() - 31 * DAY_MS))
    await audit.append(record(world.clock.nowMs() - 29 * DAY_MS))
    retention.start()
    await expect.poll(async () => (await audit.query({ limit: 10, action: 'sign-in' })).total).toBe(1)
    // Each look moves the clock a day on: the second record ages past 30 days and the next run takes it.
    await expect
      .poll(async () => {
        await world.clock.advance(DAY_MS)
        return (await audit.query({ limit: 10, action: 'sign-in' })).total
      })
      .toBe(0)
    retention.stop()
  })

  it('answers each user’s latest successful sign-in', async () => {
    world = await teamWorld(backend)
    const audit = world.stores.audit
    await audit.append(record(1_000))
    await audit.append(record(3_000))
    await audit.append(record(4_000, { outcome: 'failed' }))
    await audit.append(record(5_000, { action: 'token.paste' }))
    await audit.append(record(2_000, { actorId: 'u2', actorName: 'ben' }))
    expect(await audit.lastSignIns()).toEqual(
      new Map([
        ['u1', 3_000],
        ['u2', 2_000],
      ]),
    )
  })
})
