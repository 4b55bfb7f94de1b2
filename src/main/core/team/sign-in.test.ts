import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS } from '../../adapters/storage/test-backends.test-helper'
import { createAuditTrail } from './audit-trail'
import { createSignIn, disabledMessage, SIGN_IN_REFUSED } from './sign-in'
import { createTeamSessions } from './team-sessions'
import { fastHasher, teamWorld } from '../../../../test/support/team-world'

const limits = { perUser: 3, perAddress: 6, windowMs: 10 * 60_000 }
const PASSWORD = 'correct horse battery'

describe.each(BACKENDS)('sign-in (%s)', (backend) => {
  let world: Awaited<ReturnType<typeof teamWorld>>
  afterEach(async () => world?.close())

  async function setUp() {
    world = await teamWorld(backend)
    const { accounts } = world
    await accounts.add('anna', 'admin', PASSWORD)
    const sessions = createTeamSessions(world.stores, world.clock)
    const audit = createAuditTrail({
      store: world.stores.audit,
      clock: world.clock,
      onError: (e) => {
        throw e
      },
    })
    const signIn = createSignIn({
      stores: world.stores,
      accounts,
      sessions,
      hasher: fastHasher,
      audit,
      clock: world.clock,
      limits,
    })
    return { signIn, accounts, audit }
  }

  it('answers an unknown user and a wrong password the same way', async () => {
    const { signIn } = await setUp()
    const unknown = await signIn({ name: 'nobody', password: PASSWORD, client: '10.0.0.1' })
    const wrong = await signIn({ name: 'anna', password: 'wrong password!', client: '10.0.0.1' })
    expect(unknown).toEqual({ kind: 'refused', message: SIGN_IN_REFUSED })
    expect(wrong).toEqual(unknown)
    expect(await signIn({ name: 'ANNA', password: PASSWORD, client: '10.0.0.1' })).toMatchObject({
      kind: 'signed-in',
    })
  })

  it('tells a disabled user with the right password whom to ask; a wrong password gets the usual answer', async () => {
    const { signIn, accounts } = await setUp()
    // Another admin first: the last enabled admin cannot be disabled.
    await accounts.add('carl', 'admin', 'purple mountain sunrise')
    await accounts.disable('anna')
    expect(await signIn({ name: 'anna', password: PASSWORD, client: '10.0.0.1' })).toEqual({
      kind: 'refused',
      message: disabledMessage('anna'),
    })
    expect(disabledMessage('anna')).toContain('./desk users enable anna')
    expect(await signIn({ name: 'anna', password: 'wrong password!', client: '10.0.0.1' })).toEqual({
      kind: 'refused',
      message: SIGN_IN_REFUSED,
    })
    await accounts.enable('anna')
    expect((await signIn({ name: 'anna', password: PASSWORD, client: '10.0.0.1' })).kind).toBe('signed-in')
  })

  it('refuses even the right password after too many failures for a user, until the window passes', async () => {
    const { signIn } = await setUp()
    for (let i = 0; i < limits.perUser; i++)
      expect((await signIn({ name: 'anna', password: `guess ${i}`, client: `10.0.0.${i}` })).kind).toBe(
        'refused',
      )
    const limited = await signIn({ name: 'anna', password: PASSWORD, client: '10.9.9.9' })
    expect(limited).toMatchObject({ kind: 'rate-limited' })
    await world.clock.advance(limits.windowMs - 1_000)
    expect((await signIn({ name: 'anna', password: PASSWORD, client: '10.9.9.9' })).kind).toBe('rate-limited')
    await world.clock.advance(2_000)
    expect((await signIn({ name: 'anna', password: PASSWORD, client: '10.9.9.9' })).kind).toBe('signed-in')
  })

  it('limits one address trying many names', async () => {
    const { signIn } = await setUp()
    for (let i = 0; i < limits.perAddress; i++)
      await signIn({ name: `user${i}`, password: 'guess guess', client: '10.0.0.7' })
    expect((await signIn({ name: 'anna', password: PASSWORD, client: '10.0.0.7' })).kind).toBe('rate-limited')
    expect((await signIn({ name: 'anna', password: PASSWORD, client: '10.0.0.8' })).kind).toBe('signed-in')
  })

  it('makes a user with a one-time password choose a new one, with the rules', async () => {
    const { signIn, accounts } = await setUp()
    const { oneTimePassword } = await accounts.add('ben', 'agent')
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(await signIn({ name: 'ben', password: oneTimePassword!, client: '10.0.0.1' })).toMatchObject({
      kind: 'new-password-needed',
    })
    expect(
      await signIn({ name: 'ben', password: oneTimePassword!, newPassword: 'short', client: '10.0.0.1' }),
    ).toMatchObject({
      kind: 'new-password-needed',
      message: expect.stringMatching(/at least 12 characters/),
    })
    const done = await signIn({
      name: 'ben',
      password: oneTimePassword!,
      newPassword: 'my own long password',
      client: '10.0.0.1',
    })
    expect(done.kind).toBe('signed-in')
    expect((await signIn({ name: 'ben', password: oneTimePassword!, client: '10.0.0.1' })).kind).toBe(
      'refused',
    )
    expect((await signIn({ name: 'ben', password: 'my own long password', client: '10.0.0.1' })).kind).toBe(
      'signed-in',
    )
  })

  it('audits every attempt without the password', async () => {
    const { signIn, audit } = await setUp()
    await signIn({ name: 'anna', password: 'wrong password 123', client: '10.0.0.1' })
    await signIn({ name: 'anna', password: PASSWORD, client: '10.0.0.1' })
    const page = await audit.query({ action: 'sign-in' })
    expect(page.records.map((r) => [r.actor, r.outcome])).toEqual([
      ['anna', 'ok'],
      ['anna', 'failed'],
    ])
    const all = JSON.stringify(page)
    expect(all).not.toContain(PASSWORD)
    expect(all).not.toContain('wrong password 123')
  })
})
