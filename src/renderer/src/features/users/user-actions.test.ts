import { describe, expect, it } from 'vitest'
import type { UserView } from '../../../../shared/users-contract'
import { userActions, userState } from './user-actions'

const user = (name: string, over: Partial<UserView> = {}): UserView => ({
  id: name,
  name,
  role: 'agent',
  disabled: false,
  mustChangePassword: false,
  createdAtMs: 0,
  lastSignInAtMs: null,
  signedInNow: false,
  ...over,
})

const blocked = (actions: ReturnType<typeof userActions>) =>
  Object.fromEntries(actions.map((a) => [a.id, a.blockedBecause]))

describe('the actions the Users screen offers', () => {
  it('blocks disabling or demoting the last enabled admin, and disabling yourself', () => {
    const anna = user('anna', { role: 'admin' })
    const ben = user('ben')
    const carl = user('carl', { role: 'admin', disabled: true })
    expect(blocked(userActions(anna, 'ben', [anna, ben, carl]))).toEqual({
      disable: expect.stringMatching(/last enabled admin/),
      reset: null,
      'make-agent': expect.stringMatching(/last enabled admin/),
    })
    expect(blocked(userActions(ben, 'ben', [anna, ben]))).toEqual({
      disable: expect.stringMatching(/cannot disable yourself/),
      reset: null,
      'make-admin': null,
    })
    expect(blocked(userActions(carl, 'anna', [anna, ben, carl]))).toEqual({
      enable: null,
      reset: null,
      'make-agent': null,
    })
  })

  it('frees an admin once another admin is enabled, and says what each action does', () => {
    const anna = user('anna', { role: 'admin' })
    const dora = user('dora', { role: 'admin' })
    const actions = userActions(anna, 'dora', [anna, dora])
    expect(actions.every((a) => a.blockedBecause === null)).toBe(true)
    expect(actions.find((a) => a.id === 'disable')?.confirmText).toMatch(/signed out everywhere at once/)
    expect(actions.find((a) => a.id === 'reset')?.confirmText).toMatch(/one-time password \(shown once/)
  })

  it('words the state', () => {
    expect(userState(user('a', { disabled: true, mustChangePassword: true }))).toBe('disabled')
    expect(userState(user('a', { mustChangePassword: true }))).toBe('must set a password')
    expect(userState(user('a'))).toBe('active')
  })
})
