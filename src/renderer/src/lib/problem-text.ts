/**
 * What a support-desk user reads for each kind of failure. Main already sends an actionable
 * `Problem.message`, which wins; this table covers failures that arrive without one.
 */
import type { Problem, ProblemKind } from '../../../shared/result'

const PROBLEM_TEXT: Record<ProblemKind, string> = {
  'invalid-input': 'Some fields need attention. Correct the highlighted fields and try again.',
  'not-found': 'That item no longer exists. Go back to the list and reload.',
  conflict: 'Someone or something changed this in the meantime. Reload and try again.',
  offline: "Can't reach the desk service or the remote system. Check the connection, then try again.",
  'signed-out':
    'This page is not signed in to the desk service (it restarted, or the session ended). Open a new sign-in link (each works once): on the machine the desk runs on, run ./desk serve --new-link.',
  forbidden:
    'Your role may not do this: only an admin can change settings, secrets and users. Ask an admin of this desk.',
  timeout: 'The remote system took too long to answer. Try again in a minute.',
  'rate-limited':
    'The remote system asked us to slow down. The desk retries by itself; try again in a few minutes.',
  'token-rejected': 'Concur rejected the request token. Ask the client for a new company request token.',
  'refresh-token-invalid':
    'The stored Concur refresh token no longer works. Ask the client for a new company request token and paste it.',
  'company-not-enabled':
    'This company is not enabled for the app in Concur. Open a case with SAP Concur support.',
  'wrong-data-centre':
    'The company lives in another Concur data centre. Check the geolocation and try again.',
  'remote-failed':
    'The remote system failed to answer properly. Try again later; quote the correlation id to support.',
  'keychain-unavailable': "The OS keychain can't be reached. Unlock it (or sign in again) and retry.",
  cancelled: 'Cancelled.',
  bug: 'Something went wrong inside the desk. Reload the page; if it happens again, export the log for the developers.',
}

/** The text to show for a problem: main's own message when present, else the table entry. */
export function problemText(problem: Problem): string {
  return problem.message?.trim() ? problem.message : PROBLEM_TEXT[problem.kind]
}

/** The fallback text for a kind (exported for tests and for client-side failures). */
export function problemTextForKind(kind: ProblemKind): string {
  return PROBLEM_TEXT[kind]
}
