/**
 * The authentication port of the desk's HTTP layer: every request is asked "who is this?" once,
 * before any route runs. The solo desk answers with its launch-link session
 * (launch-link-auth.ts); named users (sign-in page, sessions, access tokens, roles) plug in here
 * as another Authenticator without touching the app.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Principal } from '../../core/team/principal'

export type { Principal } from '../../core/team/principal'

/** Answers "who sent this request?" and owns the routes that sign people in. */
export interface Authenticator {
  /** The principal behind a request, or null. Never throws; cheap enough to run on every request. */
  authenticate(request: FastifyRequest): Promise<Principal | null>
  /**
   * Adds the sign-in routes and hooks, which run after the Host/Origin checks and before
   * authentication is required. Routes marked `config: { public: true }` need no principal.
   */
  register(app: FastifyInstance): void
  /** Plain-language answer to a request without a principal: how to sign in. */
  readonly signInHint: string
  /** True when this request needs no principal now (the sign-in page and its assets on a team desk). */
  isPublic?(request: FastifyRequest): Promise<boolean>
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null until then and for anonymous requests. */
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** The route answers without a principal (sign-in pages). */
    public?: boolean
  }
}
