/**
 * The first check on every request, before authentication: the Host header must name this desk
 * (a DNS-rebinding page sends its own name) and a present Origin must be this desk's own origin
 * (a cross-site request from any page the user visits). Rejections are counted, not logged one by one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RejectionLog } from './rejection-log'

/** The names this desk answers to, matched against Host headers exactly as browsers send them. */
export type AllowedHosts = {
  readonly scheme: 'http' | 'https'
  /** True when `host` (a Host header value, or an Origin without its scheme) names this desk. */
  matches(host: string): boolean
}

/**
 * The Host values for `names` on `port` (the default port may be omitted by browsers). A name
 * `*.example.com` (from a certificate) matches exactly one label in its place, as TLS does.
 */
export function allowedHostsFor(names: Iterable<string>, port: number, tls: boolean): AllowedHosts {
  const exact = new Set<string>()
  const wildcardSuffixes: string[] = []
  const add = (form: string): void => {
    if (form.startsWith('*.')) wildcardSuffixes.push(form.slice(1))
    else exact.add(form)
  }
  for (const raw of names) {
    const name = raw.toLowerCase()
    const literal = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
    add(`${literal}:${port}`)
    if (port === (tls ? 443 : 80)) add(literal)
  }
  return {
    scheme: tls ? 'https' : 'http',
    matches(host) {
      const h = host.toLowerCase()
      if (exact.has(h)) return true
      return wildcardSuffixes.some((suffix) => {
        if (!h.endsWith(suffix)) return false
        const label = h.slice(0, h.length - suffix.length)
        return label.length > 0 && !label.includes('.') && !label.includes(':')
      })
    },
  }
}

/** An onRequest hook that answers 421 to a foreign Host and 403 to a foreign Origin. */
export function createRequestGuard(
  allowed: () => AllowedHosts,
  rejections: RejectionLog,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const refuse = (reply: FastifyReply, status: number, text: string): FastifyReply =>
    reply.code(status).header('connection', 'close').type('text/plain; charset=utf-8').send(text)
  return async (request, reply) => {
    const hosts = allowed()
    const host = (request.headers.host ?? '').toLowerCase()
    if (!hosts.matches(host)) {
      rejections.count('wrong-host', host)
      return refuse(reply, 421, 'Misdirected request: this desk only answers on its own address.')
    }
    const origin = request.headers.origin
    if (origin !== undefined) {
      const prefix = `${hosts.scheme}://`
      const lower = origin.toLowerCase()
      if (!lower.startsWith(prefix) || !hosts.matches(lower.slice(prefix.length))) {
        rejections.count('foreign-origin', origin)
        return refuse(reply, 403, 'Forbidden: requests from other web sites are not accepted.')
      }
    }
    return Promise.resolve(undefined)
  }
}
