/**
 * One error family, one mapper: a failure of every area, produced by that area's real code against
 * the simulators over loopback HTTP, reaches the dispatcher with its kind, message and correlation
 * id intact; anything unclassified becomes 'bug' without its text.
 */
import { describe, expect, it } from 'vitest'
import { REQUEST_CHANNELS } from '../../src/shared/channels'
import type { Problem } from '../../src/shared/result'
import { planListen } from '../../src/main/adapters/http-service/listen-plan'
import { createDispatcher, type Handlers } from '../../src/main/app/dispatcher'
import { parseXmlTree } from '../../src/main/core/concur/xml-tree'
import { createMemoryEntityRepository } from '../../src/main/core/entities/entity-repository'
import { createEntityStore } from '../../src/main/core/entities/entity-store'
import { BUG_MESSAGE } from '../../src/main/core/errors/to-problem'
import { createFacesClient } from '../../src/main/core/faces/faces-client'
import { createMemoryLogger } from '../../src/main/logging/logger'
import { secretRegistry } from '../../src/main/logging/redact'
import { startHarness } from '../support/concur-harness'

/** Dispatches `entities:get` to a handler that fails with whatever `fail` throws. */
async function problemOf(fail: () => Promise<unknown>): Promise<{ problem: Problem; log: string[] }> {
  const h = {} as Record<string, (input: unknown) => Promise<unknown>>
  for (const c of REQUEST_CHANNELS) h[c] = async () => null
  h['entities:get'] = async () => {
    await fail()
    throw new Error('expected the area call to fail')
  }
  const log = createMemoryLogger()
  const r = await createDispatcher(h as unknown as Handlers, log)('entities:get', { entityId: 'e1' })
  if (r.ok) throw new Error('expected a failure')
  return { problem: r.problem, log: log.lines }
}

describe('errors of every area at the dispatcher', () => {
  it('keeps kind, message and correlation id of Concur failures (profile, token, host policy)', async () => {
    const h = await startHarness()
    await h.connectAcme()

    const unknown = await problemOf(() => h.client.getProfile('110034', { login: 'nobody@acme.test' }))
    expect(unknown.problem).toMatchObject({
      kind: 'not-found',
      correlationId: expect.stringMatching(/^110034-/),
    })
    expect(unknown.problem.message).toContain('nobody@acme.test')

    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-503', count: 20 })
    const busy = await problemOf(() => h.client.getProfile('110034', { login: h.logins[0]! }))
    h.sim.admin.clearFaults()
    expect(busy.problem).toMatchObject({
      kind: 'remote-failed',
      correlationId: expect.stringMatching(/^110034-/),
    })
    expect(busy.problem.message).toContain('Concur is unavailable')

    const spent = await problemOf(() =>
      h.owner.exchange({
        entityId: '110035',
        companyUuid: h.euco.uuid,
        requestToken: 'at-never-issued-0123456789',
        tokenId: null,
        activate: true,
      }),
    )
    expect(spent.problem.kind).toBe('token-rejected')
    expect(spent.problem.correlationId).toEqual(expect.any(String))
    expect(spent.problem.message).not.toContain('at-never-issued-0123456789')

    const refused = await problemOf(() =>
      h
        .makeOAuth({ tokenBaseUrl: 'http://concur.example.test', hostPolicy: 'production' })
        .exchange({ entityKey: '110035', companyUuid: h.euco.uuid, requestToken: 'at-whatever-0123456789' }),
    )
    expect(refused.problem.kind).toBe('invalid-input')
    expect(refused.problem.message).toContain('No token was sent there')
  })

  it('keeps kind and message of Faces failures (credentials, conflict, host policy)', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const wrongKey = createFacesClient({
      hostPolicy: () => 'sandbox',
      fetch,
      clock: h.clock,
      log: createMemoryLogger(),
      config: () => ({ baseUrl: h.facesUrl, user: 'desk', apiKey: 'not-the-key' }),
    })
    expect((await problemOf(() => wrongKey.getCompany('F-110034'))).problem).toEqual({
      kind: 'token-rejected',
      message: 'Faces rejected the desk’s credentials. Check the Faces user and API key in Settings.',
    })

    await h.owner.refreshNow('110034')
    const stale = await problemOf(() =>
      h.facesClient.updateCompanyConcurLink('F-110034', {
        refreshToken: 'rt-older-one',
        refreshTokenGeneration: 1,
      }),
    )
    expect(stale.problem.kind).toBe('conflict')
    expect(stale.problem.message).not.toContain('rt-older-one')

    let sent = 0
    const plain = createFacesClient({
      fetch: async (url, init) => {
        sent++
        return fetch(url, init)
      },
      clock: h.clock,
      log: createMemoryLogger(),
      config: () => ({ baseUrl: 'http://faces.example.test', user: 'desk', apiKey: 'key-must-not-travel' }),
    })
    const insecure = await problemOf(() => plain.getCompany('F-110034'))
    expect(insecure.problem.kind).toBe('invalid-input')
    expect(insecure.problem.message).toContain('is not https')
    expect(sent).toBe(0)
  })

  it('keeps kind and message of core, XML and start-up failures', async () => {
    const entities = createEntityStore({
      repo: createMemoryEntityRepository(),
      clock: { nowMs: () => 0, wait: async () => {} },
    })
    const missing = await problemOf(() => entities.get('no-such-entity'))
    expect(missing.problem.kind).toBe('not-found')
    expect(missing.log).toEqual([])

    const xml = await problemOf(async () => parseXmlTree('<ProfileResponse><General>'))
    expect(xml.problem).toMatchObject({ kind: 'remote-failed', message: expect.stringContaining('line 1') })

    const flags = await problemOf(async () => planListen({ listen: '192.0.2.10:8443' }))
    expect(flags.problem.kind).toBe('invalid-input')
    expect(flags.problem.message).toContain('--tls-cert')
  })

  it('turns an unclassified error into a bug without its text, and logs it', async () => {
    secretRegistry.register('rt-dispatcher-leak-5a4b3c2d1e')
    const bug = await problemOf(async () => {
      throw new TypeError('Cannot read properties of undefined (refresh rt-dispatcher-leak-5a4b3c2d1e)')
    })
    expect(bug.problem).toEqual({ kind: 'bug', message: BUG_MESSAGE })
    expect(bug.log.some((l) => l.includes('entities:get: unexpected failure'))).toBe(true)
    expect(bug.log.join('\n')).not.toContain('rt-dispatcher-leak-5a4b3c2d1e')

    const duck = await problemOf(async () => {
      throw Object.assign(new Error('client_secret=cs-duck-typed'), { kind: 'offline' })
    })
    expect(duck.problem).toEqual({ kind: 'bug', message: BUG_MESSAGE })
  })
})
