/**
 * The team desk's Authenticator, in front of the solo desk's launch links: while the desk has no
 * named users everything is as on the solo desk (launch-link-auth.ts); once it has one, only named
 * users get in, by
 *
 *   - a session cookie from `POST /auth/sign-in` (sessions in the database: they survive a restart;
 *     HttpOnly, SameSite=Strict, Secure and `__Host-` over TLS, Max-Age = the absolute lifetime), or
 *   - `Authorization: Bearer fcd_…`, a personal access token (scripts).
 *
 * The renderer (the same React app) and its assets are public then, so a browser without a
 * session gets the sign-in page; `/rpc` and `/events` still need a principal. Launch links stop
 * working the moment the first user exists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkInput } from '../../../shared/request-check'
import { signInBodySchema } from '../../../shared/team-contract'
import type { TeamAuthPort } from '../../core/team/team-auth-port'
import type { Principal } from '../../core/team/principal'
import type { Authenticator } from './authenticator'
import type { LaunchLinkAuth } from './launch-link-auth'
import type { RejectionLog } from './rejection-log'
import { sendProblem } from './service-errors'
import { cookieValues, sessionCookieAttributes, type SessionCookiePolicy } from './session-cookie'

/** Options of the team authenticator. */
export type TeamAuthOptions = {
  team: TeamAuthPort
  solo: LaunchLinkAuth
  cookie: SessionCookiePolicy
  rejections: RejectionLog
}

/** Creates the team authenticator. */
export function createTeamAuth(opts: TeamAuthOptions): Authenticator {
  const { team, solo } = opts
  // Several gates ask per request (the launch-link redirect, isPublic, authenticate, /auth/state):
  // the desk is asked once per request, and every gate sees the same answer.
  const usersOf = new WeakMap<FastifyRequest, Promise<boolean>>()
  const hasUsers = (request: FastifyRequest): Promise<boolean> => {
    let answer = usersOf.get(request)
    if (!answer) usersOf.set(request, (answer = team.hasUsers()))
    return answer
  }

  async function teamPrincipal(request: FastifyRequest): Promise<Principal | null> {
    const authorization = request.headers.authorization
    if (authorization !== undefined) {
      const [scheme, token] = authorization.split(' ', 2)
      if (scheme?.toLowerCase() !== 'bearer' || !token) return null
      return team.resolveToken(token.trim())
    }
    // Every value under our name is tried: a planted cookie that shadows ours changes nothing.
    for (const value of cookieValues(request.headers.cookie, opts.cookie.name).slice(0, 5)) {
      const principal = await team.resolveSession(value)
      if (principal) return principal
    }
    return null
  }

  async function signIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (!(await hasUsers(request)))
      return sendProblem(
        reply,
        409,
        'invalid-input',
        'This desk has no named users yet: open a sign-in link from the desk (./desk serve --new-link), or add users with ./desk users add NAME --role admin.',
      )
    // The contract's schema, as for every /rpc call: a missing, non-text or too long field is a
    // 400 that names it (never cut to size and tried); the answer never repeats a value.
    const body = checkInput(signInBodySchema, request.body)
    if (!body.ok) {
      opts.rejections.count('invalid-sign-in')
      return sendProblem(reply, 400, 'invalid-input', body.problem.message, body.problem.fields)
    }
    const { name, password, newPassword } = body.input
    const outcome = await team.signIn({
      name,
      password,
      client: request.ip,
      ...(newPassword !== undefined ? { newPassword } : {}),
    })
    switch (outcome.kind) {
      case 'signed-in':
        return reply
          .setCookie(opts.cookie.name, outcome.sessionId, {
            ...sessionCookieAttributes(opts.cookie),
            maxAge: Math.floor(team.sessionMaxAgeMs / 1000),
          })
          .header('cache-control', 'no-store')
          .send({ ok: true, value: { name: outcome.user.name, role: outcome.user.role } })
      case 'rate-limited':
        opts.rejections.count('rate-limited')
        return sendProblem(
          reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000))),
          429,
          'rate-limited',
          outcome.message,
        )
      case 'new-password-needed':
        return reply
          .code(403)
          .header('cache-control', 'no-store')
          .send({
            ok: false,
            problem: { kind: 'invalid-input', message: outcome.message },
            newPasswordNeeded: true,
          })
      case 'refused':
        opts.rejections.count('sign-in-failed')
        return sendProblem(reply, 401, 'signed-out', outcome.message)
    }
  }

  return {
    get signInHint() {
      return `Not signed in to this desk. Sign in with your user name and password (a desk without named users: open a sign-in link from the desk). ${solo.signInHint}`
    },
    async authenticate(request) {
      if (await hasUsers(request)) return teamPrincipal(request)
      return solo.authenticate(request)
    },
    async isPublic(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false
      const path = request.url.split('?')[0] ?? '/'
      if (path.startsWith('/rpc/') || path === '/events') return false
      return hasUsers(request)
    },
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        // Launch links are the solo desk's: once users exist, a link just leads to the sign-in page.
        const token = (request.query as Record<string, unknown> | undefined)?.token
        if (token !== undefined && request.method === 'GET' && (await hasUsers(request))) {
          opts.rejections.count('spent-link')
          return reply.header('cache-control', 'no-store').redirect(request.url.split('?')[0] || '/', 303)
        }
        return undefined
      })
      solo.register(app)
      app.get('/auth/state', { config: { public: true } }, async (request, reply) => {
        const users = await hasUsers(request)
        const principal = users ? await teamPrincipal(request) : await solo.authenticate(request)
        return reply.header('cache-control', 'no-store').send({
          mode: users ? 'team' : 'solo',
          signedIn: principal !== null,
          name: principal?.displayName ?? null,
        })
      })
      app.post('/auth/sign-in', { config: { public: true } }, signIn)
      app.post('/auth/sign-out', async (request, reply) => {
        const principal = request.principal
        if (principal && principal.via === 'password') {
          // The desk ends the session; its event streams close on that (event-stream.ts).
          await team.signOut(principal)
        }
        return reply
          .clearCookie(opts.cookie.name, sessionCookieAttributes(opts.cookie))
          .header('cache-control', 'no-store')
          .send({ ok: true, value: null })
      })
    },
  }
}
