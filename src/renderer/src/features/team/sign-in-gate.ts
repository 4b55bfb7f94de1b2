/**
 * Service mode on a team desk: is this browser signed in? Asked once before the app starts
 * (`GET /auth/state`, public); the answer picks the sign-in page or the desk. Under Electron
 * (window.desk) there is nothing to ask.
 */

/** What `/auth/state` says. */
export type AuthState = { mode: 'solo' | 'team'; signedIn: boolean; name: string | null }

/** True when the page must show the sign-in page instead of the desk. */
export async function signInNeeded(fetchFn: typeof fetch = (...a) => fetch(...a)): Promise<boolean> {
  if (typeof window !== 'undefined' && window.desk) return false
  try {
    const r = await fetchFn('/auth/state', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
    if (!r.ok) return false
    const state = (await r.json()) as AuthState
    return state.mode === 'team' && !state.signedIn
  } catch {
    // The desk is unreachable: the app shows that itself (and reconnects).
    return false
  }
}

/** Ends this browser's session and shows the sign-in page. */
export async function signOut(): Promise<void> {
  await fetch('/auth/sign-out', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => null)
  window.location.reload()
}
