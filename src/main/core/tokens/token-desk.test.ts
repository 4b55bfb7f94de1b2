import { describe, expect, it } from 'vitest'
import { ConcurError } from '../concur/concur-error'
import { unansweredGrantText } from '../concur/unanswered-grant'
import { testMetaStoreFor } from '../../../../test/support/token-desk-fakes'
import { EU2, HOUR, REFRESH, START, UUID, paste, setup } from '../../../../test/support/token-desk-world'

describe('token desk exchange and hand-off', () => {
  it('exchanges, erases the request token, stores the refresh token in the keychain and hands off to Faces', async () => {
    const { desk, secrets, settings, faces, entities, entity, polling, bus, storedToken } = await setup()
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]?.state).toBe('exchanged')
    expect(secrets.values.has('request-token:t1')).toBe(false)
    expect(storedToken()).toBe(REFRESH)
    const meta = await testMetaStoreFor(settings).load(entity.id)
    expect(meta).toMatchObject({
      exchangedFromTokenId: 't1',
      handedToFacesAtMs: START,
      geolocation: EU2,
      generation: 1,
      faces: { companyId: 'faces-1', generation: 1 },
    })
    expect(JSON.stringify(settings.read())).not.toContain(REFRESH)
    expect(JSON.stringify([...testMetaStoreFor(settings).rows.values()])).not.toContain(REFRESH)
    expect(faces.calls).toEqual([
      {
        facesCompanyId: 'faces-1',
        patch: {
          refreshToken: REFRESH,
          refreshTokenGeneration: 1,
          geolocation: EU2,
          travelConfigIds: ['TC1', 'TC2'],
          interfaceActive: true,
          pollingActive: true,
        },
      },
    ])
    const after = await entities.get(entity.id)
    expect(after.checklist).toMatchObject({
      'request-token-received': START,
      exchanged: START,
      'refresh-token-set-in-faces': START,
      'interface-and-polling-active': START,
    })
    expect(after.pollingActive).toBe(true)
    expect(polling).toEqual([[entity.id, true]])
    expect(bus.messages.map((m) => m.channel)).toContain('token:updated')
    expect(bus.messages.map((m) => m.channel)).toContain('entity:updated')
    const view = await desk.entityView(after)
    expect(view.stage).toBe('interface-and-polling-active')
    expect(view.credential).toMatchObject({
      state: 'refresh-token',
      isRenewalDue: false,
      handedToFacesAtMs: START,
    })
  })

  it('sends only the new token and its generation when a renewal token is handed off', async () => {
    const { desk, faces, entities, entity } = await setup()
    await desk.submit({ text: paste() })
    await desk.submit({ text: paste('110034', UUID, 'at-SecondTokenForRenewal12345') })
    expect(faces.calls[1]?.patch).toEqual({ refreshToken: `${REFRESH}-2`, refreshTokenGeneration: 2 })
    const after = await entities.get(entity.id)
    expect(after.pollingActive).toBe(true)
    expect((await desk.entityView(after)).stage).toBe('interface-and-polling-active')
  })

  it('exchanges the same token only once when asked twice at the same time', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    let calls = 0
    const { desk } = await setup({
      exchange: async () => {
        calls++
        await gate
        throw new ConcurError('remote-failed', 'Concur failed (HTTP 500). The desk will try again.', {
          retryable: true,
        })
      },
    })
    await desk.submit({ text: paste(), exchange: false })
    const a = desk.exchange('t1')
    const b = desk.exchange('t1')
    release()
    const [va, vb] = await Promise.all([a, b])
    expect(calls).toBe(1)
    expect(va).toEqual(vb)
    expect(va.state).toBe('failed')
  })

  it('records a rejected token as failed with the mapped reason and lets it be retried while valid', async () => {
    let fail = true
    const { desk, clock } = await setup({
      exchange: async () => {
        if (fail)
          throw new ConcurError(
            'token-rejected',
            'Concur rejected the request token: it is wrong, or it expired.',
            {
              code: 5,
              correlationId: 'corr-9',
            },
          )
        return {
          grant: {
            accessToken: 'at-x',
            expiresInMs: HOUR,
            refreshToken: REFRESH,
            refreshExpiresAtMs: null,
            geolocation: EU2,
            scopes: [],
          },
          geolocation: EU2,
          correlationId: 'c',
        }
      },
    })
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]).toMatchObject({
      state: 'failed',
      problem: { kind: 'token-rejected', correlationId: 'corr-9' },
    })
    fail = false
    await clock.advance(HOUR)
    expect((await desk.exchange('t1')).state).toBe('exchanged')
  })

  it('says a refusal after a timed-out exchange may mean the token was used up, not that it was wrong', async () => {
    const failures = [
      new ConcurError('timeout', 'Concur did not answer within 30 s. The desk will try again later.', {
        retryable: true,
      }),
      new ConcurError('token-rejected', 'Concur rejected the request token: it is wrong, or it expired.', {
        code: 5,
      }),
      new ConcurError('token-rejected', 'Concur rejected the request token: it is wrong, or it expired.', {
        code: 5,
      }),
    ]
    const { desk } = await setup({
      exchange: async () => {
        const next = failures.shift()
        if (!next) throw new Error('Expected only three exchange attempts')
        throw next
      },
    })
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]?.problem?.kind).toBe('timeout')
    const retried = await desk.exchange('t1')
    expect(retried).toMatchObject({ state: 'failed', problem: { kind: 'token-rejected' } })
    expect(retried.problem?.message).toBe(unansweredGrantText('exchange'))
    expect((await desk.exchange('t1')).problem?.message).toBe(unansweredGrantText('exchange'))
    expect(failures).toHaveLength(0)
  })

  it('records a failed hand-off without losing the refresh token, and retries it on exchange', async () => {
    const { desk, faces, storedToken, entity, entities } = await setup()
    faces.failNext = 1
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]).toMatchObject({ state: 'exchanged', problem: { kind: 'rate-limited' } })
    expect(accepted[0]?.problem?.message).toMatch(/The desk keeps retrying; press Exchange to retry now\.$/)
    expect(storedToken()).toBe(REFRESH)
    expect((await entities.get(entity.id)).checklist['refresh-token-set-in-faces']).toBeNull()
    expect((await desk.list()).map((t) => t.id)).toEqual(['t1'])

    const retried = await desk.exchange('t1')
    expect(retried.problem).toBeNull()
    expect(faces.calls).toHaveLength(2)
    // The retry still switches the interface on: the first activation never reached Faces.
    expect(faces.calls[1]?.patch).toMatchObject({ interfaceActive: true, refreshTokenGeneration: 1 })
    const after = await entities.get(entity.id)
    expect(after.checklist['refresh-token-set-in-faces']).not.toBeNull()
    expect(after.checklist['interface-and-polling-active']).not.toBeNull()
    expect(await desk.list()).toEqual([])
  })

  it('retries a failed hand-off by itself, with backoff, until Faces takes it', async () => {
    const { desk, faces, clock, entities, entity } = await setup()
    faces.failNext = 2
    await desk.submit({ text: paste() })
    expect(faces.calls).toHaveLength(1)
    await clock.advance(2_000)
    expect(faces.calls).toHaveLength(2)
    await clock.advance(4_000)
    expect(faces.calls).toHaveLength(3)
    const after = await entities.get(entity.id)
    expect(after.checklist['interface-and-polling-active']).not.toBeNull()
    expect(after.pollingActive).toBe(true)
    expect(await desk.list()).toEqual([])
  })

  it('shows renewal due 30 days before the refresh token expires', async () => {
    const { desk, clock, entities, entity } = await setup()
    await desk.submit({ text: paste() })
    await clock.advance(149 * 24 * HOUR)
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      isRenewalDue: false,
    })
    await clock.advance(24 * HOUR)
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      isRenewalDue: true,
    })
  })

  it('shows a credential Concur declared dead as the stage "credential dead", with a notification', async () => {
    const { desk, entities, entity, owner, bus } = await setup({
      refresh: async () => {
        throw new ConcurError('refresh-token-invalid', 'bad or expired', { code: 108, status: 400 })
      },
    })
    await desk.submit({ text: paste() })
    owner.forget(entity.id)
    await expect(owner.refreshNow(entity.id)).rejects.toMatchObject({ kind: 'refresh-token-invalid' })
    const view = await desk.entityView(await entities.get(entity.id))
    expect(view.stage).toBe('credential-dead')
    expect(view.credential).toMatchObject({
      state: 'refresh-token-invalid',
      reason: 'invalid',
      sinceMs: START,
    })
    expect(
      bus.messages.filter((m) => m.channel === 'notify').map((m) => (m.payload as { title: string }).title),
    ).toEqual(['Umbrella EMEA: credential dead, request a new token'])
    // A new request token shows its progress instead, and its exchange revives the credential.
    await desk.submit({ text: paste('110034', UUID, 'at-SecondTokenForRecovery123') })
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      state: 'refresh-token',
    })
  })

  it('hands off again to the right Faces company once it is set on an entity created from the paste', async () => {
    const { desk, faces, entities } = await setup()
    const { accepted, createdEntities } = await desk.submit({ text: paste('555555'), createUnknown: true })
    expect(accepted[0]?.problem?.message).toMatch(/has no Faces company yet/)
    expect(faces.calls).toEqual([])
    const created = createdEntities[0]
    if (!created) throw new Error('expected a created entity')
    await entities.patch(created.id, (e) => (e.facesCompanyId = 'faces-9'))
    await desk.handOffAgain(created.id)
    expect(faces.calls.map((c) => c.facesCompanyId)).toEqual(['faces-9'])
    expect(await desk.list()).toEqual([])
  })
})

describe('the entity of a token (audit and presence)', () => {
  it('names the entity of a token the desk holds, and nothing for an unknown or discarded one', async () => {
    const { desk, entity } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    expect(await desk.entityOf('t1')).toBe(entity.id)
    expect(await desk.entityOf('t-unknown')).toBeNull()
    await desk.discard('t1')
    expect(await desk.entityOf('t1')).toBeNull()
  })
})
