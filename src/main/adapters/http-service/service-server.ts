/**
 * Service mode's HTTP server: the same renderer and the same contract as the Electron window,
 * on 127.0.0.1 (plain HTTP) or, with a certificate, on any address over HTTPS only.
 *
 * Threat model: any web page the user's browser visits, and on a network anyone who can reach
 * the port. The gates are in service-app.ts; this file owns the socket level: short header and
 * request timeouts, connection caps that keep the real client served under a flood
 * (connection-guard.ts), TLS, and sign-in links.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { FastifyServerFactory } from 'fastify'
import type { Dispatch, PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'
import { guardConnections, type ConnectionStats } from './connection-guard'
import { createLaunchLinkAuth } from './launch-link-auth'
import { createTeamAuth } from './team-auth'
import type { TeamAuthPort } from '../../core/team/team-auth-port'
import { allowedHostsForPlan, launchOrigin, type ListenPlan } from './listen-plan'
import { createRejectionLog, type RejectionReason } from './rejection-log'
import { buildServiceApp } from './service-app'
import { sessionCookiePolicy } from './session-cookie'

/** Socket and request limits; the defaults suit a desk for a team on one machine. */
export type ServiceLimits = {
  /** @default 6 MiB */
  maxBodyBytes: number
  /** Time a client has to send its request headers. @default 10_000 */
  headersTimeoutMs: number
  /** Time a client has to send a whole request. @default 30_000 */
  requestTimeoutMs: number
  /** Idle keep-alive connections close after this. @default 5_000 */
  keepAliveTimeoutMs: number
  /** A TLS client must finish its handshake in this. @default 10_000 */
  tlsHandshakeTimeoutMs: number
  /** @default 64 */
  maxConnectionsPerAddress: number
  /** @default 512 */
  maxConnections: number
  /** Requests per minute per signed-in principal. @default 1200 */
  requestsPerMinute: number
  /** @default 15_000 */
  sseHeartbeatMs: number
  /** How often rejected requests are summarised in the log. @default 60_000 */
  rejectionSummaryMs: number
  /** How often a named user's open event stream checks its session or token again. @default 5_000 */
  streamRecheckMs: number
}

const DEFAULT_LIMITS: ServiceLimits = {
  maxBodyBytes: 6 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  tlsHandshakeTimeoutMs: 10_000,
  maxConnectionsPerAddress: 64,
  maxConnections: 512,
  requestsPerMinute: 1200,
  sseHeartbeatMs: 15_000,
  rejectionSummaryMs: 60_000,
  streamRecheckMs: 5_000,
}

/** The loopback plan: 127.0.0.1, plain HTTP, `port` (0 picks a free one). */
export function loopbackPlan(port = 0): ListenPlan {
  return { host: '127.0.0.1', port, loopback: true, tls: null, publicUrl: null }
}

export type ServiceServerOptions = {
  dispatch: Dispatch
  bus: PushBus
  log: Logger
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string
  /** Where to listen; default 127.0.0.1 on a free port. */
  listen?: ListenPlan
  /** How a user gets a fresh sign-in link, as shown on the "link used up" page. */
  newLinkHint?: string
  /** Named users (the desk's team services); without it only launch links sign in. */
  team?: TeamAuthPort
  limits?: Partial<ServiceLimits>
}

/** A running service-mode server. */
export interface ServiceServer {
  readonly port: number
  /** e.g. `https://desk.example.com:8443` */
  readonly origin: string
  /** The first sign-in link (single use). */
  readonly launchUrl: string
  /** The session cookie's name (port-specific; `__Host-` over TLS). */
  readonly cookieName: string
  /** Mints a fresh single-use sign-in link. */
  newLaunchUrl(): string
  /** Rejected requests since start, by reason. */
  rejectionTotals(): Readonly<Partial<Record<RejectionReason, number>>>
  connections(): ConnectionStats
  close(): Promise<void>
}

/** Starts the HTTP(S) transport. */
export async function startServiceServer(opts: ServiceServerOptions): Promise<ServiceServer> {
  const plan = opts.listen ?? loopbackPlan()
  const limits = { ...DEFAULT_LIMITS, ...opts.limits }
  const log = opts.log.child('service-http')
  const rejections = createRejectionLog({ log, intervalMs: limits.rejectionSummaryMs })
  let port = 0
  let connectionStats: () => ConnectionStats = () => ({ open: 0, busy: 0 })
  // The cookie's name carries the port, known once listening; the policy reads it lazily.
  const cookie = {
    get name() {
      return sessionCookiePolicy(port, plan.tls !== null).name
    },
    secure: plan.tls !== null,
  }

  const linkAuth = createLaunchLinkAuth({
    cookie,
    rejections,
    newLinkHint: opts.newLinkHint ?? 'ask whoever runs this desk for a new link, or restart the desk.',
  })
  const team = opts.team
  const auth = team ? createTeamAuth({ team, solo: linkAuth, cookie, rejections }) : linkAuth

  const serverFactory: FastifyServerFactory = (handler) => {
    const httpOptions = {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this period (default 30 s); check often so a flood clears fast.
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    }
    const server: Server = plan.tls
      ? createHttpsServer(
          {
            ...httpOptions,
            cert: plan.tls.cert,
            key: plan.tls.key,
            minVersion: 'TLSv1.2',
            handshakeTimeout: limits.tlsHandshakeTimeoutMs,
          },
          handler,
        )
      : createHttpServer(httpOptions, handler)
    server.keepAliveTimeout = limits.keepAliveTimeoutMs
    server.requestTimeout = limits.requestTimeoutMs
    server.headersTimeout = limits.headersTimeoutMs
    server.on('tlsClientError', () => rejections.count('tls-handshake'))
    connectionStats = guardConnections(server, {
      maxPerAddress: limits.maxConnectionsPerAddress,
      maxTotal: limits.maxConnections,
      rejections,
    })
    return server
  }

  const app = await buildServiceApp({
    dispatch: opts.dispatch,
    bus: opts.bus,
    log,
    rendererDir: opts.rendererDir,
    authenticator: auth,
    allowedHosts: () => allowedHostsForPlan(plan, port),
    rejections,
    serverFactory,
    tls: plan.tls !== null,
    maxBodyBytes: limits.maxBodyBytes,
    requestsPerMinute: limits.requestsPerMinute,
    sseHeartbeatMs: limits.sseHeartbeatMs,
    ...(team
      ? {
          streamCredentials: {
            onEnded: (listener) => team.onEnded(listener),
            currentOf: (principals) => team.currentOf(principals),
            recheckMs: limits.streamRecheckMs,
          },
        }
      : {}),
  })
  try {
    await app.listen({ host: plan.host, port: plan.port })
  } catch (err) {
    rejections.stop()
    await app.close()
    throw err
  }
  port = (app.server.address() as AddressInfo).port
  const origin = launchOrigin(plan, port)
  const newLaunchUrl = (): string => `${origin}/?token=${linkAuth.mintLinkToken()}`

  return {
    port,
    origin,
    launchUrl: newLaunchUrl(),
    cookieName: cookie.name,
    newLaunchUrl,
    rejectionTotals: () => rejections.totals(),
    connections: () => connectionStats(),
    async close() {
      await app.close()
      rejections.stop()
    },
  }
}
