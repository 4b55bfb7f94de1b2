import { describe, expect, it } from 'vitest'
import { createTokenDesk } from './token-desk'
import { testCredentialsFor } from '../../../../test/support/token-desk-fakes'
import { HOUR, START, TOKEN, UUID, paste, setup } from '../../../../test/support/token-desk-world'

describe('token desk intake', () => {
  it('matches a known entity and never returns the raw token', async () => {
    const { desk, entity } = await setup()
    const [block] = await desk.preview(paste())
    expect(block?.match).toEqual({
      kind: 'known',
      entityId: entity.id,
      entityName: 'Umbrella EMEA',
      uuidMatches: true,
    })
    expect(block?.isValid).toBe(true)
    expect(JSON.stringify(block)).not.toContain(TOKEN)
    expect(block?.tokenPreview).toBe('at-9Z…bcd')
  })

  it('offers an unknown Outtask ID as unknown, and flags a UUID that differs from the entity', async () => {
    const { desk } = await setup()
    const [unknown] = await desk.preview(paste('999999'))
    expect(unknown?.match).toEqual({ kind: 'unknown' })
    const [mismatch] = await desk.preview(paste('110034', '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'))
    expect(mismatch?.match).toMatchObject({ kind: 'known', uuidMatches: false })
    expect(mismatch?.errors.map((e) => e.field)).toEqual(['companyUuid'])
  })

  it('flags a token already received for the entity as a duplicate', async () => {
    const { desk } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const [block] = await desk.preview(paste())
    expect(block?.isDuplicate).toBe(true)
    expect(block?.isValid).toBe(false)
  })

  it('keeps a pending request token in the keychain only, with a 12-hour validity', async () => {
    const { desk, secrets, tokensRepo } = await setup()
    const { accepted } = await desk.submit({ text: paste(), exchange: false })
    expect(accepted).toHaveLength(1)
    expect(accepted[0]).toMatchObject({
      state: 'pending',
      receivedAtMs: START,
      expiresAtMs: START + 12 * HOUR,
    })
    expect(secrets.values.get('request-token:t1')).toBe(TOKEN)
    expect(JSON.stringify([...tokensRepo.rows.values()])).not.toContain(TOKEN)
  })

  it('expires a pending token by the clock, erases it from the keychain and does not exchange it', async () => {
    const { desk, clock, secrets, exchangeCalls } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    await clock.advance(12 * HOUR)
    const view = await desk.exchange('t1')
    expect(view).toMatchObject({ state: 'expired', problem: { kind: 'token-rejected' } })
    expect(exchangeCalls).toEqual([])
    expect(secrets.values.has('request-token:t1')).toBe(false)
  })

  it('expires tokens in the periodic sweep', async () => {
    const { desk, clock, bus } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    desk.start('test')
    await clock.advance(12 * HOUR + 60_000)
    desk.stop('test')
    const pushed = bus.messages
      .filter((m) => m.channel === 'token:updated')
      .map((m) => (m.payload as { state: string }).state)
    expect(pushed.at(-1)).toBe('expired')
  })

  it('rejects unknown entities unless asked to create them', async () => {
    const { desk } = await setup()
    const refused = await desk.submit({ text: paste('555555'), exchange: false })
    expect(refused.accepted).toEqual([])
    expect(refused.rejected[0]?.errors.map((e) => e.field)).toEqual(['outtaskId'])
    const created = await desk.submit({ text: paste('555555'), exchange: false, createUnknown: true })
    expect(created.accepted).toHaveLength(1)
    expect(created.createdEntities[0]).toMatchObject({
      outtaskId: '555555',
      companyUuid: UUID,
      stage: 'request-token-received',
    })
  })

  it('rejects invalid blocks and leaves a repeated token alone (skipped, pointing at its first copy)', async () => {
    const { desk } = await setup()
    const text = `${paste()}\n${paste('110034', '79840cd9-5989-4675c-a254-3cdkkkdddeeebb178', 'at-OtherToken123456789')}\n${paste()}`
    const { accepted, rejected, skipped } = await desk.submit({ text, exchange: false })
    expect(accepted).toHaveLength(1)
    expect(rejected.map((b) => [b.index, b.isDuplicate, b.errors.map((e) => e.field)])).toEqual([
      [1, false, ['companyUuid']],
    ])
    expect(skipped.map((b) => [b.index, b.duplicateOf])).toEqual([[2, { kind: 'in-paste', blockIndex: 0 }]])
  })

  it('accepts a paste only once when it is submitted twice at the same time', async () => {
    const { desk } = await setup()
    const [a, b] = await Promise.all([
      desk.submit({ text: paste(), exchange: false }),
      desk.submit({ text: paste(), exchange: false }),
    ])
    expect(a.accepted).toHaveLength(1)
    expect(b.accepted).toHaveLength(0)
    expect(b.skipped[0]?.duplicateOf).toMatchObject({
      kind: 'known',
      tokenId: a.accepted[0]?.id,
      state: 'pending',
    })
  })

  it('offers a token interrupted mid-exchange by a restart for another try', async () => {
    const { desk, tokensRepo, ...rest } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const first = structuredClone([...tokensRepo.rows.values()][0]!)
    first.state = 'exchanging'
    await tokensRepo.save([first])
    const restarted = createTokenDesk({
      clock: rest.clock,
      log: rest.log,
      secrets: rest.secrets,
      settings: rest.settings,
      environment: 'sandbox',
      entities: rest.entities,
      tokens: tokensRepo,
      credentials: testCredentialsFor(rest.secrets, rest.settings),
      owner: rest.owner,
      bus: rest.bus,
    })
    expect(await restarted.list()).toMatchObject([
      { id: 't1', state: 'failed', problem: { kind: 'cancelled' } },
    ])
  })

  it('discards a pending token and erases it from the keychain', async () => {
    const { desk, secrets } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const view = await desk.discard('t1')
    expect(view).toMatchObject({ state: 'expired', problem: { kind: 'cancelled' } })
    expect(secrets.values.has('request-token:t1')).toBe(false)
    expect(await desk.list({ includeFinished: true })).toEqual([])
  })
})
