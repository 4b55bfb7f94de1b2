/** What the HTTP layer's team authenticator asks the desk (app/team/team-desk.ts implements it). */
import type { Principal } from './principal'
import type { SignInAttempt, SignInOutcome } from './sign-in'

/** The desk's answers about named users, sessions and access tokens. */
export interface TeamAuthPort {
  /** True when the desk has named users (then every request needs one of them). */
  hasUsers(): Promise<boolean>
  resolveSession(sessionId: string): Promise<Principal | null>
  resolveToken(token: string): Promise<Principal | null>
  signIn(attempt: SignInAttempt): Promise<SignInOutcome>
  signOut(principal: Principal): Promise<void>
  /** The absolute session lifetime (the cookie's Max-Age). */
  readonly sessionMaxAgeMs: number
}
