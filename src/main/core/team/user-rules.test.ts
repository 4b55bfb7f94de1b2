/** The user-management rules the CLI and the browser share, on both storage backends. */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import { fastHasher, teamWorld } from '../../../../test/support/team-world'
import { createUserAccounts, type PasswordHasher } from './user-accounts'

describe.each(BACKENDS)('user-management rules (%s)', (backend) => {
  let world: Awaited<ReturnType<typeof teamWorld>>
  afterEach(async () => world?.close())

  async function setUp() {
    world = await teamWorld(backend)
    const anna = (await world.accounts.add('anna', 'admin', 'correct horse battery')).user
    const ben = (await world.accounts.add('ben', 'agent')).user
    return { accounts: world.accounts, anna, ben }
  }

  it('refuses to disable or demote the last enabled admin, saying what to do', async () => {
    const { accounts } = await setUp()
    await expect(accounts.disable('anna')).rejects.toThrow(/last enabled admin.*Make another user an admin/)
    await expect(accounts.setRole('ANNA', 'agent')).rejects.toThrow(/last enabled admin/)
    expect(await world.stores.users.byName('anna')).toMatchObject({ role: 'admin', disabled: false })
  })

  it('lets an admin go once another enabled admin exists; a disabled admin does not count', async () => {
    const { accounts } = await setUp()
    await accounts.add('carl', 'admin', 'purple mountain sunrise')
    await accounts.disable('carl')
    await expect(accounts.setRole('anna', 'agent')).rejects.toThrow(/last enabled admin/)
    await accounts.enable('carl')
    expect(await accounts.setRole('anna', 'agent')).toMatchObject({ name: 'anna', role: 'agent' })
    await expect(accounts.disable('carl')).rejects.toThrow(/last enabled admin/)
    expect(await accounts.setRole('ben', 'admin')).toMatchObject({ role: 'admin' })
    expect(await accounts.disable('carl')).toMatchObject({ disabled: true })
  })

  it.each([
    ['demote each other', 'agent', 'agent'],
    ['disable each other', 'disabled', 'disabled'],
    ['one demotes, the other disables', 'agent', 'disabled'],
  ])('two admins who %s at once: one succeeds, the other is told about the last admin', async (_, a, b) => {
    const { accounts } = await setUp()
    await accounts.add('carl', 'admin', 'purple mountain sunrise')
    const change = (name: string, how: string) =>
      how === 'disabled' ? accounts.disable(name) : accounts.setRole(name, how)
    // Several rounds: on PostgreSQL the two calls run on two connections, so any round may interleave.
    for (let round = 0; round < 8; round++) {
      for (const name of ['anna', 'carl']) {
        await accounts.enable(name)
        await accounts.setRole(name, 'admin')
      }
      const results = await Promise.allSettled([change('anna', a), change('carl', b)])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected')
      expect(String(refused?.reason)).toMatch(
        /(anna|carl) is the last enabled admin: .*Make another user an admin first/,
      )
      const admins = (await accounts.list()).filter((u) => u.role === 'admin' && !u.disabled)
      expect(admins).toHaveLength(1)
    }
  })

  it('a password reset at the same time as a disable never enables the user again', async () => {
    const { accounts } = await setUp()
    // The reset has read the user and is hashing when the disable lands.
    let hashing!: () => void
    let finish!: () => void
    const entered = new Promise<void>((r) => (hashing = r))
    const gate = new Promise<void>((r) => (finish = r))
    const slowHasher: PasswordHasher = {
      hash: async (p) => {
        hashing()
        await gate
        return fastHasher.hash(p)
      },
      verify: fastHasher.verify,
    }
    const resetting = createUserAccounts({ ...world.stores, hasher: slowHasher, clock: world.clock }).reset(
      'ben',
    )
    await entered
    await accounts.disable('ben')
    finish()
    await resetting
    expect(await world.stores.users.byName('ben')).toMatchObject({ disabled: true, mustChangePassword: true })
  })

  it('refuses to let a user disable themselves', async () => {
    const { accounts, anna } = await setUp()
    await accounts.add('carl', 'admin', 'purple mountain sunrise')
    await expect(accounts.disable('anna', anna.id)).rejects.toThrow(/cannot disable yourself/)
    expect((await accounts.disable('anna', 'someone-else')).disabled).toBe(true)
  })

  it('disabling ends every session of the user; the role must be one that exists', async () => {
    const { accounts, ben } = await setUp()
    const now = world.clock.nowMs()
    await world.stores.sessions.insert({
      idHash: 'h1',
      userId: ben.id,
      createdAtMs: now,
      lastSeenAtMs: now,
      expiresAtMs: now + 60_000,
      client: 'x',
    })
    await accounts.disable('ben')
    expect(await world.stores.sessions.get('h1')).toBeNull()
    await expect(accounts.setRole('ben', 'boss')).rejects.toThrow(/is not a role/)
    await expect(accounts.setRole('nobody', 'agent')).rejects.toThrow(/There is no user "nobody"/)
  })
})
