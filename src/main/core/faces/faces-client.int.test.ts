import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { createFacesSimulator } from '../../sandbox/faces-sim/faces-simulator'
import type { Clock } from '../ports'
import { createFacesClient } from './faces-client'

// Real loopback HTTP; waits (backoff, timeouts) run on a clock that does not actually sleep long.
const fastClock: Clock = {
  nowMs: () => Date.now(),
  wait: (ms, signal) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(resolve, Math.min(ms, 5))
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted'))), { once: true })
    }),
}

const sim = createFacesSimulator({ clock: fastClock })
let url = ''
const rateLimits: number[] = []
const client = () =>
  createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock: fastClock,
    log: silentLogger,
    config: () => ({ baseUrl: url, user: 'desk', apiKey: 'sandbox-faces-key' }),
    timeoutMs: 300,
    onRateLimited: (ms) => rateLimits.push(ms),
  })

beforeAll(async () => {
  url = (await sim.start()).url
})
afterAll(() => sim.stop())
beforeEach(() => {
  sim.admin.reset()
  sim.admin.createCompany('F1', 'Acme')
  rateLimits.length = 0
})

describe('Faces client against the Faces simulator', () => {
  it('upserts idempotently by stable key and emits one change per real change', async () => {
    const c = client()
    const key = { concurLoginId: 'anna@acme.ch', concurUuid: 'u-1' }
    const first = await c.upsertTraveller('F1', key, {
      'name.first': 'Anna',
      'email.Business': 'anna@acme.ch',
    })
    const again = await c.upsertTraveller('F1', key, { 'name.first': 'Anna' })
    expect(first).toMatchObject({ created: true, changed: true })
    expect(again).toMatchObject({ created: false, changed: false, matchedBy: 'concurUuid' })
    expect(again.traveller.version).toBe(1)
    const feed = await c.changes(0)
    expect(feed.changes).toHaveLength(1)
    expect(feed.nextCursor).toBe(1)
  })

  it('detects a login id change by Concur UUID and can reject it', async () => {
    const c = client()
    await c.upsertTraveller('F1', { concurLoginId: 'old@acme.ch', concurUuid: 'u-2' }, { 'name.first': 'Bo' })
    await expect(
      c.upsertTraveller(
        'F1',
        { concurLoginId: 'new@acme.ch', concurUuid: 'u-2' },
        {},
        { onLoginIdChange: 'reject' },
      ),
    ).rejects.toMatchObject({ kind: 'conflict' })
    const updated = await c.upsertTraveller('F1', { concurLoginId: 'new@acme.ch', concurUuid: 'u-2' }, {})
    expect(updated.loginIdChangedFrom).toBe('old@acme.ch')
    expect(sim.admin.listTravellers('F1')).toHaveLength(1)
  })

  it('retries 5xx, malformed bodies and timeouts, and reports 429 waits', async () => {
    const c = client()
    sim.admin.injectFault({ kind: '5xx' })
    sim.admin.injectFault({ kind: 'malformed' })
    sim.admin.injectFault({ kind: '429', retryAfterS: 2 })
    const out = await c.upsertTraveller('F1', { concurLoginId: 'c@acme.ch' }, { 'name.first': 'C' })
    expect(out.traveller.firstName).toBe('C')
    expect(rateLimits).toEqual([2000])
    sim.admin.injectFault({ kind: 'timeout' })
    expect((await c.getCompany('F1')).id).toBe('F1')
    expect(sim.admin.listTravellers('F1')).toHaveLength(1)
  })

  it('stores a company Concur link without ever reading the refresh token back', async () => {
    const c = client()
    const link = await c.updateCompanyConcurLink('F1', {
      refreshToken: 'rt-123456',
      refreshTokenGeneration: 1,
      travelConfigIds: ['7'],
      geolocation: 'https://us2.api.concursolutions.com',
      interfaceActive: true,
      pollingActive: true,
    })
    expect(link).toMatchObject({ refreshTokenGeneration: 1, interfaceActive: true })
    const company = await c.getCompany('F1')
    expect(company.concurLink).toMatchObject({
      hasRefreshToken: true,
      refreshTokenGeneration: 1,
      interfaceActive: true,
      pollingActive: true,
      travelConfigIds: ['7'],
    })
    expect(JSON.stringify(company)).not.toContain('rt-123456')
    expect(sim.admin.getCompany('F1')?.concurLink?.refreshToken).toBe('rt-123456')
  })

  it('changes only the fields it sends: a new token leaves interface, polling and Travel Config IDs alone', async () => {
    const c = client()
    const first = {
      refreshToken: 'rt-1',
      refreshTokenGeneration: 1,
      travelConfigIds: ['7'],
      geolocation: 'https://us2.api.concursolutions.com',
    }
    await c.updateCompanyConcurLink('F1', { ...first, interfaceActive: true, pollingActive: true })
    await c.updateCompanyConcurLink('F1', { refreshToken: 'rt-2', refreshTokenGeneration: 2 })
    expect(sim.admin.getCompany('F1')?.concurLink).toMatchObject({
      refreshToken: 'rt-2',
      refreshTokenGeneration: 2,
      travelConfigIds: ['7'],
      interfaceActive: true,
      pollingActive: true,
    })
  })

  it('refuses an older generation (409 stale-generation) and a different token under the same one', async () => {
    const c = client()
    await c.updateCompanyConcurLink('F1', {
      refreshToken: 'rt-5',
      refreshTokenGeneration: 5,
      travelConfigIds: [],
      geolocation: 'https://us2.api.concursolutions.com',
    })
    await expect(
      c.updateCompanyConcurLink('F1', { refreshToken: 'rt-4', refreshTokenGeneration: 4 }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'stale-generation',
      body: { heldGeneration: 5 },
    })
    await expect(
      c.updateCompanyConcurLink('F1', { refreshToken: 'rt-other', refreshTokenGeneration: 5 }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'generation-conflict',
    })
    // The same token and generation again (a retry after a lost answer) is fine and changes nothing.
    await expect(
      c.updateCompanyConcurLink('F1', { refreshToken: 'rt-5', refreshTokenGeneration: 5 }),
    ).resolves.toMatchObject({
      refreshTokenGeneration: 5,
    })
    expect(sim.admin.getCompany('F1')?.concurLink?.refreshToken).toBe('rt-5')
  })

  it('needs a full first link and answers the old PUT with 405', async () => {
    const c = client()
    await expect(c.updateCompanyConcurLink('F1', { interfaceActive: true })).rejects.toMatchObject({
      kind: 'invalid-input',
      status: 400,
      code: 'link-missing',
    })
    const res = await fetch(`${url}/api/v1/companies/F1/concur-link`, {
      method: 'PUT',
      headers: { 'x-api-key': 'sandbox-faces-key', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(405)
  })

  it('answers the status read with the user, and 401 without credentials', async () => {
    expect(await client().status()).toEqual({ service: 'faces', user: 'desk' })
    expect((await fetch(`${url}/api/v1/status`)).status).toBe(401)
  })

  it('rejects wrong credentials with a kind the UI can explain', async () => {
    const bad = createFacesClient({
      hostPolicy: () => 'sandbox',
      fetch,
      clock: fastClock,
      log: silentLogger,
      config: () => ({ baseUrl: url, user: 'desk', apiKey: 'wrong' }),
    })
    await expect(bad.getCompany('F1')).rejects.toMatchObject({ kind: 'token-rejected' })
  })
})
