/**
 * Signs the Electron app in to a team desk, through the pinned Agent only: with a sign-in link the
 * desk printed (a desk without named users: the link is spent for a session cookie), with a user
 * name and password (`POST /auth/sign-in`, a session cookie; a one-time password is replaced by
 * the new one sent along, as on the desk's own sign-in page), or with a personal access token
 * (`Authorization: Bearer …`). What comes back is kept in memory only; nothing is logged.
 */
import type { Dispatcher } from 'undici'
import { fetch } from 'undici'
import type { RequestInput } from '../../../shared/contract'
import { readResultEnvelope } from '../../../shared/result-envelope'
import { DeskError } from '../../core/errors/desk-error'
import { pinFailureOf } from './pinned-agent'

/** How to sign in (as the UI sends it). */
export type TeamSignIn = RequestInput<'team:connect'>['signIn']

/** A signed-in session: the headers every request carries, and who the desk says we are. */
export type TeamSession = { headers: Record<string, string>; userName: string | null }

/** The field the UI shows when the desk wants a new password (a one-time password was used). */
export const NEW_PASSWORD_FIELD = 'signIn.newPassword'

/**
 * Sign-in failed; the message says what to do and never holds the credential. Kind signed-out
 * (refused), offline (the desk did not answer, or presented another certificate), or
 * invalid-input on `signIn.newPassword` (a one-time password: choose a new one, or the new one
 * broke the desk's rules).
 */
export class TeamSignInError extends DeskError {
  constructor(message: string, how: 'refused' | 'unreachable' | 'new-password' = 'refused') {
    super(
      how === 'unreachable' ? 'offline' : how === 'new-password' ? 'invalid-input' : 'signed-out',
      message,
      how === 'new-password' ? { fields: { [NEW_PASSWORD_FIELD]: message } } : {},
    )
    this.name = 'TeamSignInError'
  }
}

type Ctx = { origin: string; dispatcher: Dispatcher }

const NEW_LINK = 'ask for a new one (on the desk machine: ./desk serve --new-link)'

async function call(
  ctx: Ctx,
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
) {
  try {
    return await fetch(`${ctx.origin}${path}`, { ...init, redirect: 'manual', dispatcher: ctx.dispatcher })
  } catch (err) {
    const pin = pinFailureOf(err)
    if (pin) throw new TeamSignInError(pin.message, 'unreachable')
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    throw new TeamSignInError(
      `The team desk at ${new URL(ctx.origin).host} did not answer (${cause?.code ?? cause?.message ?? (err as Error).message}).`,
      'unreachable',
    )
  }
}

function cookiePair(setCookie: string | null): string | null {
  const pair = (setCookie ?? '').split(';')[0]?.trim() ?? ''
  return pair.includes('=') ? pair : null
}

/** The desk's refusal: its message, and whether it wants a new password first. */
async function refusalOf(res: {
  json(): Promise<unknown>
}): Promise<{ message: string; newPasswordNeeded: boolean } | null> {
  const body = await res.json().catch(() => null)
  const r = readResultEnvelope(body)
  if (!r || r.ok) return null
  const newPasswordNeeded = (body as { newPasswordNeeded?: unknown }).newPasswordNeeded === true
  return { message: r.problem.message, newPasswordNeeded }
}

/** Who the desk says this session is (null when it does not say: a desk without named users). */
async function whoAmI(ctx: Ctx, headers: Record<string, string>): Promise<string | null> {
  const res = await call(ctx, '/auth/state', { method: 'GET', headers })
  if (res.status !== 200) {
    await res.body?.cancel()
    return null
  }
  const body = (await res.json().catch(() => null)) as { name?: unknown } | null
  return typeof body?.name === 'string' && body.name.length <= 200 ? body.name : null
}

/** Proves the headers work with one cheap call (401: refused). */
async function check(ctx: Ctx, headers: Record<string, string>, refused: string): Promise<void> {
  const res = await call(ctx, '/rpc/app:info', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: '{}',
  })
  await res.body?.cancel()
  if (res.status === 401) throw new TeamSignInError(refused)
  if (res.status !== 200)
    throw new TeamSignInError(
      `The team desk answered HTTP ${res.status} to a signed-in request; check that the address is the desk's.`,
    )
}

/** Signs in at the desk at `origin` through `dispatcher` (the pinned Agent). */
export async function signInToTeamDesk(
  origin: string,
  dispatcher: Dispatcher,
  how: TeamSignIn,
): Promise<TeamSession> {
  const ctx = { origin, dispatcher }
  if (how.method === 'link') {
    const link = new URL(how.link)
    if (link.origin !== origin)
      throw new TeamSignInError(
        `The sign-in link is for ${link.host}, not for the desk at ${new URL(origin).host}: use the desk's own link, or change the address.`,
      )
    const res = await call(ctx, `${link.pathname}${link.search}`, { method: 'GET' })
    await res.body?.cancel()
    const pair = cookiePair(res.headers.get('set-cookie'))
    if (res.status !== 303 || !pair)
      throw new TeamSignInError(
        `The desk did not accept this sign-in link (each works once, for an hour): ${NEW_LINK}.`,
      )
    const headers = { cookie: pair }
    await check(ctx, headers, `The desk did not accept this sign-in link: ${NEW_LINK}.`)
    return { headers, userName: await whoAmI(ctx, headers) }
  }
  if (how.method === 'token') {
    const headers = { authorization: `Bearer ${how.token.trim()}` }
    await check(
      ctx,
      headers,
      'The desk refused this access token (revoked, expired, mistyped, or its user is disabled): create a new one on the desk under My account, or ask an admin of the desk.',
    )
    return { headers, userName: await whoAmI(ctx, headers) }
  }
  const res = await call(ctx, '/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: how.name,
      password: how.password,
      ...(how.newPassword !== undefined ? { newPassword: how.newPassword } : {}),
    }),
  })
  const pair = cookiePair(res.headers.get('set-cookie'))
  if (res.status !== 200 || !pair) {
    const refusal = await refusalOf(res)
    if (refusal?.newPasswordNeeded) throw new TeamSignInError(refusal.message, 'new-password')
    if (refusal) throw new TeamSignInError(refusal.message)
    // No route (404/405), or the desk's sign-in gate in front of it (401 without a result): a desk
    // without user sign-in, e.g. a solo desk in service mode.
    if (res.status === 401 || res.status === 404 || res.status === 405)
      throw new TeamSignInError(
        `This desk has no user sign-in (a desk without named users): sign in with a sign-in link instead; ${NEW_LINK}.`,
      )
    throw new TeamSignInError(`The desk refused the sign-in (HTTP ${res.status}).`)
  }
  await res.body?.cancel()
  const headers = { cookie: pair }
  return { headers, userName: (await whoAmI(ctx, headers)) ?? how.name }
}
