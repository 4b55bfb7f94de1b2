/**
 * The solo desk's Authenticator: whoever opens a sign-in link the desk printed gets a session.
 *
 * A link carries a random one-time token (`/?token=…`). Opening it spends the token at once and
 * swaps it for a session id in an HttpOnly cookie, then redirects to the same address without the
 * token, so the page never holds it and a link seen later (terminal scroll-back, a journal, a
 * shoulder) is worth nothing. A spent or unknown link gets a page that says how to ask for a
 * new one. Links not opened within `linkTtlMs` expire. Tokens and session ids are kept only as
 * SHA-256 hashes and looked up by hash, so no comparison leaks timing.
 */
import { createHash, randomBytes } from 'node:crypto'
import { soloPrincipal } from '../../core/team/principal'
import { osUserName } from '../os-user-name'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Authenticator, Principal } from './authenticator'
import { noticePage } from './notice-page'
import type { RejectionLog } from './rejection-log'
import { cookieValues, sessionCookieAttributes, type SessionCookiePolicy } from './session-cookie'

/** The solo desk's one principal: the person who opened the link runs the whole desk (named after the OS user). */
export const SOLO_PRINCIPAL: Principal = soloPrincipal(osUserName('Desk user'), 'launch-link')

const MAX_OPEN_LINKS = 5
const MAX_SPENT_REMEMBERED = 200
const MAX_SESSIONS = 100

/** The launch-link authenticator plus minting of fresh links. */
export interface LaunchLinkAuth extends Authenticator {
  /** Mints a fresh single-use link token (the oldest unspent one is dropped beyond five). */
  mintLinkToken(): string
}

/** Options of the launch-link authenticator. */
export type LaunchLinkAuthOptions = {
  cookie: SessionCookiePolicy
  rejections: RejectionLog
  /** How to get a fresh link, in the words of whoever runs this desk (shown on the spent-link page). */
  newLinkHint: string
  /** How long a link stays valid unopened. @default 3_600_000 (one hour) */
  linkTtlMs?: number
  nowMs?: () => number
  /** Random token source; tests fix it. */
  randomToken?: () => string
}

const hash = (s: string): string => createHash('sha256').update(s).digest('base64url')

/** Creates the solo desk's authenticator. */
export function createLaunchLinkAuth(opts: LaunchLinkAuthOptions): LaunchLinkAuth {
  const nowMs = opts.nowMs ?? (() => Date.now())
  const linkTtlMs = opts.linkTtlMs ?? 3_600_000
  const randomToken = opts.randomToken ?? (() => randomBytes(32).toString('base64url'))
  const openLinks = new Map<string, number>() // hash → expiresAtMs, oldest first
  const spentLinks = new Set<string>()
  const sessions = new Map<string, Principal>() // hash(session id) → principal, oldest first

  function remember<T>(map: Map<string, T> | Set<string>, max: number): void {
    while (map.size > max) map.delete(map.keys().next().value as string)
  }

  function sessionPrincipal(request: FastifyRequest): Principal | null {
    // Every value under our name is tried: a planted cookie that shadows ours changes nothing.
    for (const value of cookieValues(request.headers.cookie, opts.cookie.name)) {
      const principal = sessions.get(hash(value))
      if (principal) return principal
    }
    return null
  }

  function linkPage(reply: FastifyReply, title: string, lines: string[]): FastifyReply {
    return reply
      .code(401)
      .header('cache-control', 'no-store')
      .header('connection', 'close')
      .type('text/html; charset=utf-8')
      .send(noticePage(title, lines))
  }

  async function exchange(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const query = request.query as Record<string, unknown> | undefined
    const token = query?.token
    if (request.method !== 'GET' || token === undefined) return undefined
    const path = request.url.split('?')[0] || '/'
    const key = typeof token === 'string' ? hash(token) : ''
    const expiresAtMs = openLinks.get(key)
    if (expiresAtMs !== undefined && expiresAtMs > nowMs()) {
      openLinks.delete(key)
      spentLinks.add(key)
      remember(spentLinks, MAX_SPENT_REMEMBERED)
      const sessionId = randomToken()
      sessions.set(hash(sessionId), SOLO_PRINCIPAL)
      remember(sessions, MAX_SESSIONS)
      request.principal = SOLO_PRINCIPAL
      return reply
        .setCookie(opts.cookie.name, sessionId, sessionCookieAttributes(opts.cookie))
        .header('cache-control', 'no-store')
        .redirect(path, 303)
    }
    // Reopening a used link in a browser that is signed in already is harmless: just go on.
    if (sessionPrincipal(request)) return reply.header('cache-control', 'no-store').redirect(path, 303)
    if (spentLinks.has(key) || expiresAtMs !== undefined) {
      openLinks.delete(key)
      opts.rejections.count('spent-link')
      return linkPage(reply, 'This sign-in link has been used up', [
        'Each sign-in link works once, and only for an hour. This one was already opened (or it expired), so it cannot sign this browser in.',
        `Ask for a new link: ${opts.newLinkHint}`,
      ])
    }
    opts.rejections.count('unknown-link')
    return linkPage(reply, 'This sign-in link is not valid', [
      'This desk does not know this link. It may come from an earlier run of the desk (each start makes new links) or it was copied incompletely.',
      `Ask for a new link: ${opts.newLinkHint}`,
    ])
  }

  return {
    signInHint: `Not signed in to this desk. Open a sign-in link from the desk: ${opts.newLinkHint}`,
    async authenticate(request) {
      return Promise.resolve(sessionPrincipal(request))
    },
    register(app: FastifyInstance) {
      app.addHook('onRequest', exchange)
    },
    mintLinkToken() {
      const token = randomToken()
      openLinks.set(hash(token), nowMs() + linkTtlMs)
      remember(openLinks, MAX_OPEN_LINKS)
      return token
    },
  }
}
