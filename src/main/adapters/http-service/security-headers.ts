/**
 * The security headers on every answer (@fastify/helmet), with the same strict CSP the Electron
 * window uses for the renderer: scripts only from the desk, no frames, no foreign connections.
 * HSTS only over TLS: on plain loopback HTTP it would be ignored and, worse, pin `localhost`.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet'

/** The Content-Security-Policy every page of the desk is served with (service mode). */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
} as const

/** Helmet's options for a desk served over TLS or plain loopback HTTP. */
export function helmetOptions(tls: boolean): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY_DIRECTIVES } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  }
}
