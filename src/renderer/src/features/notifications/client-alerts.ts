/**
 * Warnings the renderer raises by itself from facts it already holds, so they appear even when
 * main's 'notify' is not wired: a request token with less than 2 hours left, the intake window
 * closing with tokens still pending, an entity failing three polls in a row (again every three
 * more), a refresh token Concur stopped accepting.
 */
import type { EntityView, IntakeWindowSettings, TokenView } from '../../../../shared/model'
import { tokenVerdictAt, windowStateAt } from '../../lib/intake-window'
import { formatBusinessDateTime, formatClock, formatRemaining } from '../../lib/time-format'
import type { Toast } from './toasts-store'

/** Time left under which a pending token raises a warning. */
export const TOKEN_WARNING_MS = 2 * 3_600_000
/** Failed polls in a row that raise an error toast. */
export const FAILING_POLLS = 3
/** Beyond this many alerts of one kind, one summary toast replaces them (a toast storm helps nobody). */
export const MAX_SEPARATE_ALERTS = 2

/** One key per streak of FAILING_POLLS failures (3, 6, 9…), shared with main's notification. */
export function failingStreakKey(entityId: string, failures: number): string {
  return `entity-failing:${entityId}:${Math.floor(failures / FAILING_POLLS)}`
}

/** One key per dead credential (entity and the instant it was declared dead), shared with main's notification. */
export function deadCredentialKey(entityId: string, sinceMs: number): string {
  return `credential-dead:${entityId}:${sinceMs}`
}

/** What the closing window means for the pending tokens: which ones are gone by the next opening. */
function closingBody(
  pending: readonly TokenView[],
  nowMs: number,
  window: IntakeWindowSettings,
  hardCloseAtMs: number,
): string {
  const mustGo = pending.filter((t) => tokenVerdictAt(t, nowMs, window).kind === 'exchange-before-close')
  const close = formatClock(hardCloseAtMs, window.timeZone)
  if (mustGo.length === 0)
    return `Every pending token is still valid when the window opens again; exchanging them before ${close} is still best.`
  const which = mustGo.map((t) => t.outtaskId).join(', ')
  return `${mustGo.length === 1 ? 'One expires' : `${mustGo.length} expire`} before the window opens again (${which}): exchange ${mustGo.length === 1 ? 'it' : 'them'} before ${close}, or a new token is needed.`
}

/** The alerts due at `nowMs`; each has a stable key so the toast store shows it once. */
export function computeClientAlerts(
  nowMs: number,
  tokens: readonly TokenView[],
  entities: readonly EntityView[],
  window: IntakeWindowSettings,
): Toast[] {
  const out: Toast[] = []
  const pending = tokens.filter((t) => t.state === 'pending' && t.expiresAtMs > nowMs)
  const expiring = pending.filter((t) => t.expiresAtMs - nowMs < TOKEN_WARNING_MS)
  if (expiring.length > MAX_SEPARATE_ALERTS) {
    out.push({
      key: `tokens-expiring:${expiring
        .map((t) => t.id)
        .sort()
        .join(',')}`,
      id: 'client-tokens-expiring',
      level: 'warning',
      title: `${expiring.length} request tokens expire within 2 hours`,
      body: 'Exchange them from the Today screen, or ask the clients for new ones.',
      entityId: null,
      atMs: nowMs,
    })
  }
  for (const t of expiring.length > MAX_SEPARATE_ALERTS ? [] : expiring) {
    out.push({
      key: `token-expiring:${t.id}`,
      id: `client-token-${t.id}`,
      level: 'warning',
      title: `Token for ${t.outtaskId} expires in ${formatRemaining(t.expiresAtMs, nowMs)}`,
      body: `Exchange it before ${formatBusinessDateTime(t.expiresAtMs)}, or ask the client for a new one.`,
      entityId: t.entityId,
      atMs: nowMs,
    })
  }
  const state = windowStateAt(nowMs, window)
  if (state.state === 'closing-soon' && pending.length > 0) {
    out.push({
      key: `window-closing:${state.hardCloseAtMs}`,
      id: `client-window-${state.hardCloseAtMs}`,
      level: 'warning',
      title: `Intake window closes at ${formatClock(state.softCloseAtMs, window.timeZone)} with ${pending.length} token${pending.length === 1 ? '' : 's'} pending`,
      body: closingBody(pending, nowMs, window, state.hardCloseAtMs),
      entityId: null,
      atMs: nowMs,
    })
  }
  const failing = entities.filter((e) => !e.archived && e.polling.consecutiveFailures >= FAILING_POLLS)
  if (failing.length > MAX_SEPARATE_ALERTS) {
    out.push({
      key: `entities-failing:${failing
        .map((e) => failingStreakKey(e.id, e.polling.consecutiveFailures))
        .sort()
        .join(',')}`,
      id: 'client-entities-failing',
      level: 'error',
      title: `${failing.length} entities failed ${FAILING_POLLS} or more polls in a row`,
      body: 'Filter the entity list by "In error" to see them; each entity\'s log says what went wrong.',
      entityId: null,
      atMs: nowMs,
    })
  } else
    for (const e of failing) {
      out.push({
        key: failingStreakKey(e.id, e.polling.consecutiveFailures),
        id: `client-failing-${e.id}`,
        level: 'error',
        title: `${e.name}: ${e.polling.consecutiveFailures} polls failed in a row`,
        body: e.polling.lastPoll?.problem?.message ?? 'Open the entity and read its log.',
        entityId: e.id,
        atMs: nowMs,
      })
    }
  out.push(...deadCredentialAlerts(nowMs, entities))
  return out
}

/** A refresh token Concur no longer accepts: the entity stopped syncing until a new request token comes. */
function deadCredentialAlerts(nowMs: number, entities: readonly EntityView[]): Toast[] {
  const dead = entities.flatMap((e) =>
    !e.archived && e.credential.state === 'refresh-token-invalid' ? [{ e, c: e.credential }] : [],
  )
  const action = { label: 'Paste tokens', route: { screen: 'tokens' as const } }
  if (dead.length > MAX_SEPARATE_ALERTS)
    return [
      {
        key: `credentials-dead:${dead
          .map(({ e, c }) => `${e.id}@${c.sinceMs}`)
          .sort()
          .join(',')}`,
        id: 'client-credentials-dead',
        level: 'error',
        title: `${dead.length} entities lost their Concur refresh token`,
        body: 'They do not sync until each client sends a new company request token. The entity list shows which.',
        entityId: null,
        atMs: nowMs,
        action,
      },
    ]
  return dead.map(({ e, c }) => ({
    key: deadCredentialKey(e.id, c.sinceMs),
    id: `client-credential-dead-${e.id}`,
    level: 'error' as const,
    title: `${e.name}: Concur no longer accepts the refresh token`,
    body: `${c.problem.message} Since ${formatBusinessDateTime(c.sinceMs)}; nothing syncs until a new request token is pasted.`,
    entityId: e.id,
    atMs: nowMs,
  }))
}
