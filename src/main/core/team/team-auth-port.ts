/** What the HTTP layer's team authenticator asks the desk (app/team/team-desk.ts implements it). */
import type { Principal } from './principal'
import type { SignInAttempt, SignInOutcome } from './sign-in'

/** A credential that just stopped working: its event streams close at once. */
export type EndedCredential =
  | { kind: 'session'; sessionKey: string }
  | { kind: 'user'; userId: string }
  | { kind: 'access-token'; tokenId: string }

/** True when `principal` is one that `ended` signs out. */
export function endsPrincipal(ended: EndedCredential, principal: Principal): boolean {
  switch (ended.kind) {
    case 'session':
      return principal.sessionKey === ended.sessionKey
    case 'user':
      return (
        principal.id === ended.userId && (principal.via === 'password' || principal.via === 'access-token')
      )
    case 'access-token':
      return principal.tokenId === ended.tokenId
  }
}

/** The desk's answers about named users, sessions and access tokens. */
export interface TeamAuthPort {
  /** True when the desk has named users (then every request needs one of them). */
  hasUsers(): Promise<boolean>
  resolveSession(sessionId: string): Promise<Principal | null>
  resolveToken(token: string): Promise<Principal | null>
  signIn(attempt: SignInAttempt): Promise<SignInOutcome>
  signOut(principal: Principal): Promise<void>
  /**
   * Still signed in, each of them? Asked for all open event streams at once every few seconds
   * (expiry, and changes the CLI made in another process); unlike resolve* never counts as activity.
   */
  currentOf(principals: readonly Principal[]): Promise<boolean[]>
  /** Listens for credentials that end in this process (sign-out, disable, reset, revoke). */
  onEnded(listener: (ended: EndedCredential) => void): () => void
  /** The absolute session lifetime (the cookie's Max-Age). */
  readonly sessionMaxAgeMs: number
}
