import fastifyCookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../logging/logger'
import { createLaunchLinkAuth, SOLO_PRINCIPAL } from './launch-link-auth'
import { createRejectionLog } from './rejection-log'

describe('launch-link authenticator', () => {
  let app: FastifyInstance
  let nowMs = 1_000_000
  afterEach(() => app.close())

  async function build() {
    const rejections = createRejectionLog({ log: silentLogger })
    let n = 0
    const auth = createLaunchLinkAuth({
      cookie: { name: 'desk_session_1', secure: false },
      rejections,
      newLinkHint: 'run ./desk serve --new-link.',
      nowMs: () => nowMs,
      randomToken: () => `random-${++n}`,
    })
    app = Fastify()
    await app.register(fastifyCookie)
    app.decorateRequest('principal', null)
    auth.register(app)
    app.get('/*', async (request) => ({ principal: await auth.authenticate(request) }))
    await app.ready()
    return { auth, rejections }
  }

  it('spends a link once and signs its session in', async () => {
    const { auth } = await build()
    const token = auth.mintLinkToken()
    const first = await app.inject({ url: `/entities?token=${token}` })
    expect(first.statusCode).toBe(303)
    expect(first.headers.location).toBe('/entities')
    expect(first.headers['set-cookie']).toBe('desk_session_1=random-2; Path=/; HttpOnly; SameSite=Strict')
    const page = await app.inject({ url: '/', headers: { cookie: 'desk_session_1=random-2' } })
    expect(page.json()).toEqual({ principal: SOLO_PRINCIPAL })
    expect((await app.inject({ url: `/?token=${token}` })).statusCode).toBe(401)
  })

  it('lets a link expire unopened after an hour', async () => {
    const { auth, rejections } = await build()
    const token = auth.mintLinkToken()
    nowMs += 3_600_001
    const r = await app.inject({ url: `/?token=${token}` })
    expect(r.statusCode).toBe(401)
    expect(r.body).toContain('This sign-in link has been used up')
    expect(rejections.totals()).toEqual({ 'spent-link': 1 })
  })

  it('keeps at most five unopened links: minting a sixth drops the oldest', async () => {
    const { auth } = await build()
    const tokens = Array.from({ length: 6 }, () => auth.mintLinkToken())
    expect((await app.inject({ url: `/?token=${tokens[0]}` })).statusCode).toBe(401)
    expect((await app.inject({ url: `/?token=${tokens[5]}` })).statusCode).toBe(303)
  })

  it('stores no token or session id in the clear: a session id cannot be used as a link or vice versa', async () => {
    const { auth } = await build()
    const token = auth.mintLinkToken()
    expect((await app.inject({ url: '/', headers: { cookie: `desk_session_1=${token}` } })).json()).toEqual({
      principal: null,
    })
  })
})
