/** The Concur client under faults from the simulator over real HTTP: retries on the injected clock, timeouts, drops. */
import { describe, expect, it } from 'vitest'
import { startHarness, failure, allPages, CLIENT } from '../../../../test/support/concur-harness'
import { createRateGate } from '../sync/rate-gate'
import { concurGateHooks } from '../sync/gate-hooks'
import { createConcurClient } from './concur-client'

describe('faults', () => {
  it('retries 503s with backoff on the injected clock, without sleeping', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'status-500', count: 1 })
    h.sim.admin.injectFault({ route: 'summary', kind: 'status-503', count: 1, retryAfterSec: 0 })
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    expect(pages[0]!.totalItems).toBe(7)
    expect(h.clock.waits).toEqual([750, 1500])
  })

  it('does not resend a Create after a 500, but does after a 503', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const base = await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const created = {
      ...base,
      loginId: 'once@acme.test',
      general: { firstName: 'Once', lastName: 'Only', travelConfigId: '100' },
    }
    h.sim.admin.injectFault({ route: 'profile-post', kind: 'status-500', count: 1 })
    expect((await failure(h.client.postProfile('110034', 'Create', created))).status).toBe(500)
    h.sim.admin.injectFault({ route: 'profile-post', kind: 'status-503', count: 1 })
    expect((await h.client.postProfile('110034', 'Create', created)).ok).toBe(true)
    expect(
      h.sim.admin
        .requestLog()
        .filter((e) => e.route === 'profile-post')
        .map((e) => e.status),
    ).toEqual([500, 503, 200])
  })

  it('takes a rate-gate slot per HTTP attempt and holds none while backing off', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const gate = createRateGate({ clock: h.clock, globalConcurrency: 1, perKeyConcurrency: 1 })
    const hooks = concurGateHooks(gate)
    let held = 0
    const heldDuringWaits: number[] = []
    const client = createConcurClient({
      fetch,
      clock: { nowMs: h.clock.nowMs, wait: (ms, s) => (heldDuringWaits.push(held), h.clock.wait(ms, s)) },
      log: h.log,
      config: () => ({ tokenBaseUrl: h.urls.glzUrl, ...CLIENT, hostPolicy: 'sandbox' }),
      access: h.owner,
      random: () => 0.5,
      requestSlot: (dc, attempt, signal) =>
        hooks.requestSlot(
          dc,
          async () => {
            held++
            try {
              return await attempt()
            } finally {
              held--
            }
          },
          signal,
        ),
    })
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-500', count: 2 })
    await client.getProfile('110034', { login: 'ann@acme.test' })
    expect(heldDuringWaits).toEqual([0, 0])
    expect(h.sim.admin.requestLog().filter((e) => e.route === 'profile-get')).toHaveLength(3)
  })

  it('pauses the data centre the 429 came from for the wait Concur asked for', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const gate = createRateGate({ clock: h.clock })
    const paused: Array<[string, number]> = []
    const client = createConcurClient({
      fetch,
      clock: h.clock,
      log: h.log,
      config: () => ({ tokenBaseUrl: h.urls.glzUrl, ...CLIENT, hostPolicy: 'sandbox' }),
      access: h.owner,
      ...concurGateHooks(gate),
      onRateLimited: (dc, ms) => {
        paused.push([dc, ms])
        concurGateHooks(gate).onRateLimited(dc, ms)
      },
    })
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-429', count: 1, retryAfterSec: 3 })
    await client.getProfile('110034', { login: 'ann@acme.test' })
    expect(paused).toHaveLength(1)
    expect(new URL(paused[0]![0]).port).toBe(new URL(h.urls.dataCentres['us2']!).port)
    expect(paused[0]![1]).toBe(3000)
  })

  it('honours Retry-After on 429', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-429', count: 1, retryAfterSec: 7 })
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    expect(h.clock.waits).toEqual([7000])
  })

  it('gives up after maxAttempts with a retryable error carrying the correlation id', async () => {
    const h = await startHarness({}, { maxAttempts: 3 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-500' })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'remote-failed', status: 500, retryable: true })
    expect(err.correlationId).toMatch(/^110034-/)
    expect(h.sim.admin.requestLog().filter((e) => e.route === 'profile-get')).toHaveLength(3)
  })

  it('times out a hanging call and retries it', async () => {
    const h = await startHarness({}, { timeoutMs: 400 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout', count: 1 })
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toBeTruthy()
    expect(h.log.lines.some((l) => l.includes('timed out'))).toBe(true)
  })

  it('reports a timeout when every attempt hangs', async () => {
    const h = await startHarness({}, { timeoutMs: 100, maxAttempts: 2 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout' })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
  })

  it('retries a dropped connection', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'drop', count: 1 })
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    expect(pages[0]!.totalItems).toBe(7)
    expect(h.clock.waits).toHaveLength(1)
  })

  it('fails one malformed profile with a clear error and serves the next one', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'malformed-xml', count: 1 })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err.kind).toBe('remote-failed')
    expect(err.message).toBe(
      "Concur sent a travel profile that is not well-formed XML (line 2, column 33: Attribute 'LoginId' has no space in starting.) (entity 110034, traveller ann@acme.test)",
    )
    await expect(h.client.getProfile('110034', { login: 'bob@acme.test' })).resolves.toMatchObject({
      loginId: 'bob@acme.test',
    })
  })

  it('fails a malformed summary page naming the entity and page', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'malformed-xml', count: 1 })
    const err = await failure(allPages(h.client.summaries('110034', { modifiedSinceMs: 0 })))
    expect(err.message).toMatch(
      /^Concur sent a summary page that is not well-formed XML .* \(entity 110034, traveller summary page 1\)$/,
    )
  })

  it('never retries a rejected grant', async () => {
    const h = await startHarness()
    await failure(
      h.owner.exchange({
        entityId: '110034',
        companyUuid: h.acme.uuid,
        requestToken: 'wrong-token',
        tokenId: null,
        activate: true,
      }),
    )
    expect(h.tokenCalls()).toHaveLength(1)
    expect(h.clock.waits).toEqual([])
  })

  it('retries a token call that hit a 503 (a retried exchange is safe)', async () => {
    const h = await startHarness({ reusePolicy: 'multi' })
    h.sim.admin.injectFault({ route: 'token', kind: 'status-503', count: 2, retryAfterSec: 3 })
    await h.connectAcme()
    expect(h.clock.waits).toEqual([3000, 3000])
  })

  it('stops waiting when the caller aborts', async () => {
    const h = await startHarness({}, { timeoutMs: 5_000 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout' })
    const controller = new AbortController()
    const pending = failure(h.client.getProfile('110034', { login: 'ann@acme.test' }, controller.signal))
    setTimeout(() => controller.abort(), 50)
    expect((await pending).kind).toBe('cancelled')
  })
})
