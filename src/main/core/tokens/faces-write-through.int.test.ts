/**
 * The write-through of rotated credentials to the Faces simulator over real HTTP: partial updates,
 * generations, durable retries with a notification after one poll interval, refusal of an older
 * generation, renewals that never switch a customer off, and reconciliation after a kill.
 */
import { describe, expect, it, vi } from 'vitest'
import { startHarness } from '../../../../test/support/concur-harness'
import type { CredentialStep } from './credential-owner'

const LINK = '/api/v1/companies/F-110034/concur-link'

describe('write-through to Faces', () => {
  it('keeps handing out access tokens while Faces is down, and retries until Faces holds the generation', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.faces.admin.injectFault({ kind: '5xx', pathPrefix: LINK, method: 'PATCH', count: 3 })
    h.owner.forget('110034')
    // The poll goes on: the access token comes back although Faces refused the new refresh token.
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toBeTruthy()
    const stored = await h.stored()
    expect(stored.generation).toBe(2)
    await vi.waitFor(async () => expect((await h.repo.loadMeta('110034'))?.faces.generation).toBe(2))
    const meta = await h.repo.loadMeta('110034')
    expect(meta).toMatchObject({ pendingSinceMs: null, pendingProblem: null })
    expect(h.faces.admin.getCompany('F-110034')?.concurLink?.refreshToken).toBe(stored.refreshToken)
    const events = h.history.filter((e) => e.generation === 2).map((e) => `${e.event}:${e.outcome}`)
    expect(events).toEqual([
      'rotation:success',
      'write-through-attempt:info',
      'write-through-failure:failed',
      'write-through-attempt:info',
      'write-through-failure:failed',
      'write-through-attempt:info',
      'write-through-failure:failed',
      'write-through-attempt:info',
      'write-through-ack:success',
    ])
    expect(h.notifications).toEqual([])
  })

  it('notifies once when Faces stays behind for more than one poll interval', async () => {
    const h = await startHarness()
    await h.connectAcme()
    // Backoff 2 s, 4 s, … 5 min: the twelfth failure is more than 15 minutes after the first.
    h.faces.admin.injectFault({ kind: '5xx', pathPrefix: LINK, method: 'PATCH', count: 12 })
    const rotatedAtMs = h.clock.nowMs()
    await h.owner.refreshNow('110034')
    const pending = await h.repo.loadMeta('110034')
    expect(pending?.pendingSinceMs).toBe(rotatedAtMs)
    expect(pending?.pendingProblem?.kind).toBe('remote-failed')
    await vi.waitFor(async () => expect((await h.repo.loadMeta('110034'))?.faces.generation).toBe(2))
    expect(h.notifications).toEqual(['Faces holds an older refresh token for Entity 110034'])
  })

  it('refuses to overwrite a newer generation in Faces and says another desk may own the entity', async () => {
    const h = await startHarness()
    await h.connectAcme()
    await h.facesClient.updateCompanyConcurLink('F-110034', {
      refreshToken: 'rt-from-another-desk',
      refreshTokenGeneration: 9,
    })
    await h.owner.refreshNow('110034')
    const meta = await h.repo.loadMeta('110034')
    expect(meta?.faces.generation).toBe(1)
    expect(meta?.pendingProblem).toMatchObject({ kind: 'conflict' })
    expect(meta?.pendingProblem?.message).toMatch(
      /^Faces holds a newer refresh token \(generation 9\) than this desk \(generation 2\)/,
    )
    expect(h.faces.admin.getCompany('F-110034')?.concurLink?.refreshTokenGeneration).toBe(9)
    const patches = () => h.faces.admin.linkHistory('F-110034').length
    const before = patches()
    await new Promise((r) => setTimeout(r, 20))
    expect(patches()).toBe(before)
  })

  it('renews a live entity without ever switching interface or polling off', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const renewal = h.sim.admin.issueRequestToken(h.acme.uuid)
    const result = await h.owner.exchange({
      entityId: '110034',
      companyUuid: h.acme.uuid,
      requestToken: renewal,
      tokenId: null,
      activate: false,
    })
    expect(result.handOff).toMatchObject({ state: 'acked', facesGeneration: 2, activated: false })
    await h.owner.refreshNow('110034')
    const changes = h.faces.admin.linkHistory('F-110034')
    expect(changes.map((c) => [c.generation, c.interfaceActive, c.pollingActive])).toEqual([
      [1, true, true],
      [2, true, true],
      [3, true, true],
    ])
    expect(changes[1]?.fields).toEqual(['refreshTokenGeneration'])
    expect(changes[2]?.fields).toEqual(['refreshTokenGeneration'])
  })

  it('sends only changed Travel Config IDs after an entity edit', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const owner = h.makeOwner(
      {},
      {
        entities: {
          get: async () => ({ name: 'Acme', facesCompanyId: 'F-110034', travelConfigIds: ['100', '900'] }),
        },
      },
    )
    expect(await owner.handOff('110034', { activate: false, reason: 'entity-changed' })).toMatchObject({
      state: 'acked',
    })
    expect(h.faces.admin.linkHistory('F-110034').at(-1)?.fields).toEqual(['travelConfigIds'])
    expect(h.faces.admin.getCompany('F-110034')?.concurLink).toMatchObject({
      travelConfigIds: ['100', '900'],
      interfaceActive: true,
      refreshTokenGeneration: 1,
    })
  })

  it.each<CredentialStep>(['secret-saved', 'meta-saved', 'faces-acked', 'ack-saved'])(
    'ends with Faces on the live generation after a kill at %s and a restart',
    async (killAt) => {
      let armed = false
      const h = await startHarness(
        {},
        {},
        {
          checkpoint: (step) => {
            if (armed && step === killAt) throw new Error(`killed at ${step}`)
          },
        },
      )
      await h.connectAcme()
      armed = true
      await expect(h.owner.refreshNow('110034')).rejects.toThrow(`killed at ${killAt}`)
      await h.owner.stop()
      const restarted = h.makeOwner({}, { checkpoint: () => {} })
      expect(await restarted.start()).toBe(killAt === 'ack-saved' ? 0 : 1)
      const live = await h.stored()
      await vi.waitFor(async () =>
        expect((await h.repo.loadMeta('110034'))?.faces.generation).toBe(live.generation),
      )
      expect(live.generation).toBe(2)
      expect(h.faces.admin.getCompany('F-110034')?.concurLink?.refreshToken).toBe(live.refreshToken)
      expect(h.sim.admin.refreshTokenState(live.refreshToken)).toBe('live')
      await restarted.refreshNow('110034')
      expect(h.tokenCalls().some((e) => e.code === 108)).toBe(false)
    },
  )
})
