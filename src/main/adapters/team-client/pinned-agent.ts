/**
 * The one undici Agent the team-desk client talks through: every TLS connection is checked
 * against the pinned SHA-256 fingerprint before a byte of a request (or a credential) is sent,
 * and refused when the desk presents another certificate. CA validation is not what protects a
 * team desk's self-signed certificate; the pin is.
 */
import type { TLSSocket } from 'node:tls'
import { Agent, buildConnector } from 'undici'

/** The desk presented a certificate other than the pinned one. */
export class CertificateChangedError extends Error {
  constructor(
    readonly host: string,
    readonly presented: string,
    readonly pinned: string,
  ) {
    super(
      `The team desk at ${host} now presents a different certificate (SHA-256 ${presented}) than the one pinned (${pinned}). Nothing was sent. If its administrator replaced the certificate, compare the new fingerprint with theirs and re-pin it in Settings → Team desk; otherwise do not connect.`,
    )
    this.name = 'CertificateChangedError'
  }
}

/** An Agent that only completes TLS connections whose certificate has `fingerprint256`. */
export function createPinnedAgent(fingerprint256: string, connectTimeoutMs = 10_000): Agent {
  // No TLS session resumption: a resumed session carries no certificate to check.
  const base = buildConnector({ rejectUnauthorized: false, timeout: connectTimeoutMs, maxCachedSessions: 0 })
  return new Agent({
    connect(options, callback) {
      base(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null)
        const presented = (socket as TLSSocket).getPeerCertificate?.()?.fingerprint256
        if (presented !== fingerprint256) {
          socket.destroy()
          return callback(
            new CertificateChangedError(options.hostname, presented ?? 'none', fingerprint256),
            null,
          )
        }
        callback(null, socket)
      })
    },
    keepAliveTimeout: 4_000,
  })
}

/** The pin failure behind an error thrown by undici's fetch (wrapped in its `cause`), if any. */
export function pinFailureOf(err: unknown): CertificateChangedError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof CertificateChangedError) return e
  return null
}
