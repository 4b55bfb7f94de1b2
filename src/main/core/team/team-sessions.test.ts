import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import { ACCESS_TOKEN_PREFIX, createTeamSessions, secretHash, type TeamSessions } from './team-sessions'
import { countedStores } from '../../../../test/support/counted-stores'
import { teamWorld } from '../../../../test/support/team-world'
import type { Principal } from './principal'

/** `currentOf` for one principal. */
async function current(sessions: TeamSessions, principal: Principal): Promise<boolean | undefined> {
  return (await sessions.currentOf([principal]))[0]
}

const limits = { idleMs: 60 * 60_000, absoluteMs: 8 * 60 * 60_000, touchEveryMs: 60_000 }

describe.each(BACKENDS)('team sessions and access tokens (%s)', (backend) => {
  let world: Awaited<ReturnType<typeof teamWorld>>
  afterEach(async () => world?.close())

  async function setUp() {
    world = await teamWorld(backend)
    const { accounts } = world
    await accounts.add('anna', 'agent', 'correct horse battery')
    const anna = (await world.stores.users.byName('ANNA'))!
    return { sessions: createTeamSessions(world.stores, world.clock, limits), anna, accounts }
  }

  it('keeps only the hash of a session id; a session survives a new service over the same store', async () => {
    const { sessions, anna } = await setUp()
    const id = await sessions.start(anna, '127.0.0.1')
    expect(await world.stores.sessions.get(id)).toBeNull()
    expect(await world.stores.sessions.get(secretHash(id))).toMatchObject({ userId: anna.id })
    const again = createTeamSessions(world.stores, world.clock, limits)
    expect(await again.resolve(id)).toMatchObject({
      id: anna.id,
      displayName: 'anna',
      role: 'agent',
      via: 'password',
    })
  })

  it('ends a session after the idle limit without requests', async () => {
    const { sessions, anna } = await setUp()
    const id = await sessions.start(anna, '127.0.0.1')
    await world.clock.advance(limits.idleMs - 1)
    expect(await sessions.resolve(id)).not.toBeNull()
    await world.clock.advance(limits.idleMs - 1) // touched at the request above
    expect(await sessions.resolve(id)).not.toBeNull()
    await world.clock.advance(limits.idleMs)
    expect(await sessions.resolve(id)).toBeNull()
    expect(await world.stores.sessions.get(secretHash(id))).toBeNull()
  })

  it('ends a session at the absolute limit however busy it is', async () => {
    const { sessions, anna } = await setUp()
    const id = await sessions.start(anna, '127.0.0.1')
    for (let t = 0; t < limits.absoluteMs - 30 * 60_000; t += 30 * 60_000) {
      await world.clock.advance(30 * 60_000)
      expect(await sessions.resolve(id)).not.toBeNull()
    }
    await world.clock.advance(30 * 60_000)
    expect(await sessions.resolve(id)).toBeNull()
  })

  it('signs a disabled or reset user out everywhere', async () => {
    const { sessions, anna, accounts } = await setUp()
    const id = await sessions.start(anna, '127.0.0.1')
    await accounts.disable('anna')
    expect(await sessions.resolve(id)).toBeNull()
    await accounts.enable('anna')
    const second = await sessions.start((await world.stores.users.byName('anna'))!, '127.0.0.1')
    await accounts.reset('anna')
    expect(await sessions.resolve(second)).toBeNull()
  })

  it('stores access tokens as SHA-256 only, resolves them, and a revoked one stops working', async () => {
    const { sessions, anna } = await setUp()
    const { token, view } = await sessions.createToken(anna.id, 'nightly report')
    expect(token.startsWith(ACCESS_TOKEN_PREFIX)).toBe(true)
    expect(token.length).toBeGreaterThanOrEqual(40)
    expect(view.preview).not.toContain(token.slice(7, -3))
    const stored = (await world.stores.accessTokens.forUser(anna.id))[0]!
    expect(stored.tokenHash).toBe(secretHash(token))
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(await sessions.resolveToken(token)).toMatchObject({ id: anna.id, via: 'access-token' })
    expect(await sessions.resolveToken(`${token}x`)).toBeNull()
    expect(await sessions.resolveToken('not-a-token')).toBeNull()
    expect(await sessions.revokeToken(anna.id, view.id)).toEqual([])
    expect(await sessions.resolveToken(token)).toBeNull()
    await expect(sessions.revokeToken(anna.id, view.id)).rejects.toThrow(/no such access token/)
  })

  it('lets nobody revoke another user’s token', async () => {
    const { sessions, anna, accounts } = await setUp()
    await accounts.add('ben', 'agent', 'another long password')
    const ben = (await world.stores.users.byName('ben'))!
    const { token, view } = await sessions.createToken(anna.id, 'script')
    await expect(sessions.revokeToken(ben.id, view.id)).rejects.toThrow(/no such access token/)
    expect(await sessions.resolveToken(token)).not.toBeNull()
  })

  it('tells whether an open stream’s session or token still holds, without counting as activity', async () => {
    const { sessions, anna, accounts } = await setUp()
    const principal = (await sessions.resolve(await sessions.start(anna, '127.0.0.1')))!
    const { token, view } = await sessions.createToken(anna.id, 'script')
    const bearer = (await sessions.resolveToken(token))!
    expect(bearer.tokenId).toBe(view.id)
    expect(await current(sessions, principal)).toBe(true)
    expect(await current(sessions, bearer)).toBe(true)
    // Asking never moves last-seen: the session still goes idle on time.
    for (let i = 0; i < 3; i++) {
      await world.clock.advance(limits.idleMs / 3)
      await current(sessions, principal)
    }
    expect(await current(sessions, principal)).toBe(false)
    await sessions.revokeToken(anna.id, view.id)
    expect(await current(sessions, bearer)).toBe(false)
    const second = (await sessions.resolve(await sessions.start(anna, '127.0.0.1')))!
    const { token: t2 } = await sessions.createToken(anna.id, 'other')
    const bearer2 = (await sessions.resolveToken(t2))!
    await accounts.add('carl', 'admin', 'purple mountain sunrise')
    await accounts.disable('anna')
    expect(await current(sessions, second)).toBe(false)
    expect(await current(sessions, bearer2)).toBe(false)
  })

  it('answers for all open streams at once: one query each for sessions, tokens and users, however many', async () => {
    const { anna, accounts } = await setUp()
    await accounts.add('ben', 'agent', 'another long password')
    const ben = (await world.stores.users.byName('ben'))!
    const counted = countedStores(world.stores)
    const sessions = createTeamSessions(counted.stores, world.clock, limits)
    const annaTabs = [
      (await sessions.resolve(await sessions.start(anna, '127.0.0.1')))!,
      (await sessions.resolve(await sessions.start(anna, '127.0.0.2')))!,
    ]
    const benTab = (await sessions.resolve(await sessions.start(ben, '127.0.0.3')))!
    const annaScript = (await sessions.resolveToken((await sessions.createToken(anna.id, 'script')).token))!
    const benToken = await sessions.createToken(ben.id, 'report')
    const benScript = (await sessions.resolveToken(benToken.token))!
    await sessions.revokeToken(ben.id, benToken.view.id)
    const ended = { ...annaTabs[0]!, sessionKey: secretHash('signed out long ago') }
    // Anna's token id under Ben's name is not his.
    const stolen = { ...annaScript, id: ben.id }
    const streams = [...annaTabs, benTab, annaScript, benScript, ended, stolen]

    counted.calls.reset()
    expect(await sessions.currentOf(streams)).toEqual([true, true, true, true, false, false, false])
    expect(counted.calls.names().sort()).toEqual(['accessTokens.byIds', 'sessions.getMany', 'users.byIds'])
    await accounts.disable('ben')
    expect(await sessions.currentOf([benTab, annaTabs[1]!])).toEqual([false, true])
    expect(await sessions.currentOf([])).toEqual([])
  })
})
