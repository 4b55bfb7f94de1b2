/**
 * POST /auth/sign-in checks its body with the contract's schema (shared/team-contract.ts), over
 * real HTTP on the composed Sandbox team desk: a missing, non-text, unknown or too long field is a
 * 400 that names the field, like every /rpc call; nothing is cut to size and tried, no attempt
 * counted against the user, and no password appears in an answer or the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raw, type RawResponse } from '../../src/main/adapters/http-service/raw-request.test-helper'
import { SIGN_IN_MAX_CHARS } from '../../src/shared/team-contract'
import { startTeamDesk, type TeamDeskWorld } from './team-desk.test-helper'

const PASSWORD = 'correct horse battery staple'
const LONG_SECRET = `long-secret-${'q'.repeat(SIGN_IN_MAX_CHARS.password)}`

describe('the sign-in body', () => {
  let world: TeamDeskWorld
  const post = (body: unknown): Promise<RawResponse> =>
    raw(world.server.port, {
      method: 'POST',
      path: '/auth/sign-in',
      headers: { host: world.host, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const problemOf = (r: RawResponse) =>
    (JSON.parse(r.body) as { ok: false; problem: { kind: string; message: string; fields?: object } }).problem

  beforeAll(async () => {
    // One failed attempt locks the user out: a refused body must not count as one.
    world = await startTeamDesk({ signInLimits: { perUser: 1, perAddress: 50, windowMs: 60_000 } })
    await world.users(['add', 'anna'], { role: 'admin', password: PASSWORD })
  })
  afterAll(async () => world?.stop())

  it('refuses a too long password with a 400 naming the field, instead of cutting it and trying', async () => {
    const r = await post({ name: 'anna', password: LONG_SECRET })
    expect(r.status).toBe(400)
    expect(problemOf(r)).toEqual({
      kind: 'invalid-input',
      message: `Invalid password: The password is at most ${SIGN_IN_MAX_CHARS.password} characters long.`,
      fields: { password: `The password is at most ${SIGN_IN_MAX_CHARS.password} characters long.` },
    })
    expect(r.body).not.toContain('long-secret')
  })

  it('names a missing field, a field that is not text, and an unknown one', async () => {
    const missing = await post({ name: 'anna' })
    expect(missing.status).toBe(400)
    expect(problemOf(missing)).toMatchObject({ fields: { password: 'Enter your password.' } })
    const typed = await post({ name: 42, password: 'correct horse battery staple' })
    expect(typed.status).toBe(400)
    expect(problemOf(typed)).toMatchObject({
      message: 'Invalid name: The user name must be text.',
      fields: { name: 'The user name must be text.' },
    })
    const unknown = await post({ name: 'anna', passwrod: 'typo-secret-value', password: 'x' })
    expect(unknown.status).toBe(400)
    expect(problemOf(unknown).message).toMatch(/passwrod/)
    expect(unknown.body).not.toContain('typo-secret-value')
    const wrongNew = await post({ name: 'anna', password: PASSWORD, newPassword: ['a'] })
    expect(problemOf(wrongNew)).toMatchObject({ fields: { newPassword: 'The new password must be text.' } })
    const notObject = await post(['anna', PASSWORD])
    expect(notObject.status).toBe(400)
    expect(problemOf(notObject).kind).toBe('invalid-input')
    expect(notObject.body).not.toContain(PASSWORD)
  })

  it('counted none of them as a failed sign-in: the right password still gets in', async () => {
    const r = await post({ name: 'anna', password: PASSWORD })
    expect(r.status).toBe(200)
  })

  it('writes no password to the log', () => {
    const logText = world.log.lines.join('\n')
    for (const secret of [PASSWORD, 'long-secret', 'typo-secret-value']) expect(logText).not.toContain(secret)
  })
})
