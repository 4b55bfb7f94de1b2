/**
 * Where and how service mode listens, from its flags: `--port N` (loopback, plain HTTP) or
 * `--listen HOST:PORT` with `--tls-cert FILE --tls-key FILE` (HTTPS only) and `--public-url URL`.
 * Off loopback the desk refuses to start without TLS: on a network, session cookies and every
 * token on the wire would be readable by anyone in between.
 */
import { isIP } from 'node:net'
import { allowedHostsFor, type AllowedHosts } from './request-guard'
import { loadTlsMaterial, MAKE_CERTIFICATE_HINT, type TlsMaterial } from './tls-material'
import { DeskError } from '../../core/errors/desk-error'

/** The listen flags as the command line gives them. */
export type ListenFlags = {
  listen?: string | undefined
  port?: string | undefined
  tlsCert?: string | undefined
  tlsKey?: string | undefined
  publicUrl?: string | undefined
}

/** A checked listen configuration. */
export type ListenPlan = {
  /** Address to bind (an IP literal, unbracketed, or `localhost`). */
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  readonly loopback: boolean
  readonly tls: TlsMaterial | null
  readonly publicUrl: URL | null
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase()
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'))
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::'

function parsePort(text: string, flag: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DeskError(
      'invalid-input',
      `${flag}: "${text}" is not a port number (0–65535; 0 picks a free one).`,
    )
  }
  return port
}

/** Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all addresses). */
export function parseHostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':')
  if (at < 0) {
    throw new DeskError(
      'invalid-input',
      `--listen: "${value}" has no port. Write HOST:PORT, e.g. --listen 0.0.0.0:8443 or --listen [::]:8443.`,
    )
  }
  let host = value.slice(0, at)
  const port = parsePort(value.slice(at + 1), '--listen')
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  if (host === '') host = '0.0.0.0'
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new DeskError(
      'invalid-input',
      `--listen: "${host}" is not an IP address. Bind an address of this machine (e.g. 0.0.0.0 for all, or 192.0.2.10); give the name people use with --public-url.`,
    )
  }
  return { host, port }
}

/** Checks the flags and loads the certificate. Throws a DeskError ('invalid-input') that says what to do. */
export function planListen(flags: ListenFlags, nowMs = Date.now()): ListenPlan {
  if (flags.listen !== undefined && flags.port !== undefined) {
    throw new DeskError(
      'invalid-input',
      'Give either --port N (this machine only) or --listen HOST:PORT, not both.',
    )
  }
  const { host, port } =
    flags.listen !== undefined
      ? parseHostPort(flags.listen)
      : { host: '127.0.0.1', port: flags.port !== undefined ? parsePort(flags.port, '--port') : 0 }
  const loopback = isLoopbackHost(host)
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new DeskError('invalid-input', 'HTTPS needs both --tls-cert FILE and --tls-key FILE.')
  }
  if (!loopback && flags.tlsCert === undefined) {
    throw new DeskError(
      'invalid-input',
      `Refusing to listen on ${host}:${port} without TLS: other machines would see the session cookie and every token in clear text. ` +
        `Start with --tls-cert FILE --tls-key FILE (or use --port N to stay on this machine only). ${MAKE_CERTIFICATE_HINT}`,
    )
  }
  const tls =
    flags.tlsCert !== undefined && flags.tlsKey !== undefined
      ? loadTlsMaterial(flags.tlsCert, flags.tlsKey, nowMs)
      : null
  let publicUrl: URL | null = null
  if (flags.publicUrl !== undefined) {
    try {
      publicUrl = new URL(flags.publicUrl)
    } catch {
      throw new DeskError(
        'invalid-input',
        `--public-url: "${flags.publicUrl}" is not a URL (e.g. https://desk.example.com:8443).`,
      )
    }
    const wanted = tls ? 'https:' : 'http:'
    if (publicUrl.protocol !== wanted) {
      throw new DeskError(
        'invalid-input',
        `--public-url must start with ${wanted}// because this desk serves ${tls ? 'HTTPS' : 'plain HTTP'}.`,
      )
    }
  }
  return { host, port, loopback, tls, publicUrl }
}

/** The Host names the desk answers to once bound to `port`. */
export function allowedHostsForPlan(plan: ListenPlan, port: number): AllowedHosts {
  const names = new Set<string>(plan.tls?.names ?? [])
  if (plan.loopback || isWildcard(plan.host)) {
    names.add('127.0.0.1')
    names.add('localhost')
    if (plan.host === '::1' || plan.host === '::') names.add('::1')
  }
  if (!isWildcard(plan.host) && plan.host !== 'localhost') names.add(plan.host)
  const own = allowedHostsFor(names, port, plan.tls !== null)
  if (!plan.publicUrl) return own
  const publicPort = Number(plan.publicUrl.port || (plan.tls ? 443 : 80))
  const pub = allowedHostsFor([plan.publicUrl.hostname], publicPort, plan.tls !== null)
  return { scheme: own.scheme, matches: (h) => own.matches(h) || pub.matches(h) }
}

/** The origin printed in sign-in links: the public URL, else a certificate name, else the bound address. */
export function launchOrigin(plan: ListenPlan, port: number): string {
  if (plan.publicUrl) return plan.publicUrl.origin
  const scheme = plan.tls ? 'https' : 'http'
  const certName = plan.tls?.names.find((n) => !n.startsWith('*.'))
  const host = certName ?? (isWildcard(plan.host) ? '127.0.0.1' : plan.host)
  const literal = isIP(host) === 6 ? `[${host}]` : host
  return `${scheme}://${literal}:${port}`
}
