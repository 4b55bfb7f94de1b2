/**
 * The team desk asks its stores once where once will do: whether the desk has users (kept once
 * it has), who is present (their users in one query), and one user's view after a change (that
 * user's sign-in and sessions only), on both backends, counted at the store ports.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import type { Principal } from '../../core/team/principal'
import { createTeamSessions } from '../../core/team/team-sessions'
import { silentLogger } from '../../logging/logger'
import { countedStores } from '../../../../test/support/counted-stores'
import { fastHasher, teamWorld } from '../../../../test/support/team-world'
import { createPushBus } from '../push-bus'
import { createTeamDesk } from './team-desk'

const PASSWORD = 'correct horse battery staple'

describe.each(BACKENDS)('the team desk’s store calls (%s)', (backend) => {
  let world: Awaited<ReturnType<typeof teamWorld>>
  afterEach(async () => world?.close())

  async function setUp() {
    world = await teamWorld(backend)
    const counted = countedStores(world.stores)
    const team = createTeamDesk({
      stores: async () => Promise.resolve(counted.stores),
      current: () => counted.stores,
      hasher: fastHasher,
      clock: world.clock,
      bus: createPushBus(),
      log: silentLogger,
    })
    return { team, calls: counted.calls }
  }
  const adminOf = async (name: string): Promise<{ principal: Principal }> => {
    const u = (await world.stores.users.byName(name))!
    return { principal: { id: u.id, displayName: u.name, role: u.role, via: 'password' } }
  }

  it('asks whether there are users each time until there are, then never again', async () => {
    const { team, calls } = await setUp()
    expect(await team.auth.hasUsers()).toBe(false)
    expect(await team.auth.hasUsers()).toBe(false)
    expect(calls.count('users.count')).toBe(2)
    // The CLI adds the first user (from its own process, on the same database): seen at once.
    await world.accounts.add('anna', 'admin', PASSWORD)
    expect(await team.auth.hasUsers()).toBe(true)
    for (let i = 0; i < 5; i++) {
      await world.clock.advance(60_000)
      expect(await team.auth.hasUsers()).toBe(true)
    }
    expect(calls.count('users.count')).toBe(3)
  })

  it('reads the users of everyone present in one query', async () => {
    const { team, calls } = await setUp()
    const sessions = createTeamSessions(world.stores, world.clock)
    for (const name of ['carl', 'anna', 'ben', 'dora']) {
      await world.accounts.add(name, 'agent', PASSWORD)
      const user = (await world.stores.users.byName(name))!
      await sessions.start(user, '127.0.0.1')
      await sessions.start(user, '127.0.0.2')
    }
    await world.accounts.disable('dora')
    calls.reset()
    const view = await team.handlers['presence:list']({}, await adminOf('anna'))
    expect(view.users.map((u) => u.name)).toEqual(['anna', 'ben', 'carl'])
    expect(calls.count('users.byIds')).toBe(1)
    expect(calls.count('users.byId')).toBe(0)
  })

  it('answers a reset or an added user with that user’s view, reading only theirs', async () => {
    const { team, calls } = await setUp()
    await world.accounts.add('anna', 'admin', PASSWORD)
    await world.accounts.add('ben', 'agent', PASSWORD)
    const admin = await adminOf('anna')
    expect((await team.auth.signIn({ name: 'ben', password: PASSWORD, client: '127.0.0.1' })).kind).toBe(
      'signed-in',
    )
    const benSignedInAtMs = world.clock.nowMs()
    await world.clock.advance(60_000)
    const ben = (await world.stores.users.byName('ben'))!
    const before = (await team.handlers['users:list']({}, admin)).find((u) => u.name === 'ben')
    expect(before).toMatchObject({ lastSignInAtMs: benSignedInAtMs, signedInNow: true })

    calls.reset()
    const reset = await team.handlers['users:reset']({ name: 'ben' }, admin)
    // The reset signed ben out; his last sign-in stays.
    expect(reset.user).toMatchObject({ name: 'ben', lastSignInAtMs: benSignedInAtMs, signedInNow: false })
    expect(calls.count('users.list')).toBe(0)
    expect(calls.args('audit.lastSignIns')).toEqual([[ben.id]])
    // (presence, pushed after the reset, reads everyone's sessions: its own business)
    expect(calls.args('sessions.active').map((a) => a[2])).toContain(ben.id)

    calls.reset()
    const added = await team.handlers['users:add']({ name: 'carl', role: 'agent' }, admin)
    expect(added.user).toMatchObject({ name: 'carl', lastSignInAtMs: null, signedInNow: false })
    expect(calls.count('users.list')).toBe(0)
    expect(calls.count('audit.lastSignIns')).toBe(1)
  })
})
