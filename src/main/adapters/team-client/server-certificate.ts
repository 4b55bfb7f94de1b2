/**
 * The certificate a team desk presents, read before anything is sent to it: a TLS handshake that
 * accepts any certificate (a team desk's is usually self-signed), keeps what the user checks
 * (SHA-256 fingerprint, subject, names, validity) and closes. Nothing is trusted from it until the
 * user confirms and the fingerprint is pinned.
 */
import { isIP } from 'node:net'
import { connect, type PeerCertificate } from 'node:tls'
import type { CertificateFacts } from '../../../shared/team-link-model'
import { DeskError } from '../../core/errors/desk-error'

/** The desk could not be reached or spoke no TLS; the message says what to check. */
export class TeamDeskUnreachableError extends DeskError {
  constructor(message: string) {
    super('offline', message)
    this.name = 'TeamDeskUnreachableError'
  }
}

/** The `host` and `port` of an https URL (brackets of an IPv6 literal removed). */
export function endpointOf(url: URL): { host: string; port: number } {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  return { host, port: url.port ? Number(url.port) : 443 }
}

function dn(part: PeerCertificate['subject'] | undefined): string {
  if (!part) return ''
  return Object.entries(part)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ')
}

/** The facts of a peer certificate as the UI shows them. */
export function certificateFacts(cert: PeerCertificate): CertificateFacts {
  const names = (cert.subjectaltname ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.startsWith('DNS:') || n.startsWith('IP Address:'))
    .map((n) => n.slice(n.indexOf(':') + 1))
  return {
    fingerprint256: cert.fingerprint256,
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    names,
    validFromMs: Date.parse(cert.valid_from),
    validToMs: Date.parse(cert.valid_to),
  }
}

/** Reads the certificate the desk at `url` presents (within `timeoutMs`). */
export function probeServerCertificate(url: URL, timeoutMs = 10_000): Promise<CertificateFacts> {
  const { host, port } = endpointOf(url)
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      // Read only, to show the user: trust comes from their confirmation and the pin.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    })
    const fail = (why: string): void => {
      socket.destroy()
      reject(
        new TeamDeskUnreachableError(
          `The team desk at ${url.host} could not be reached over HTTPS (${why}). Check the address and that the desk runs with --listen and --tls-cert.`,
        ),
      )
    }
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate()
      socket.end()
      if (!cert.fingerprint256) return fail('it presented no certificate')
      resolve(certificateFacts(cert))
    })
    socket.once('timeout', () => fail(`no answer within ${Math.round(timeoutMs / 1000)} s`))
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message))
  })
}
