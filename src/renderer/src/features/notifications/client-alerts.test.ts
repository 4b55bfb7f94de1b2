import { describe, expect, it } from 'vitest'
import { DEFAULT_INTAKE_WINDOW } from '../../../../shared/intake/intake-defaults'
import { makeEntity, makeToken } from '../../testing/demo-data'
import { computeClientAlerts } from './client-alerts'

const zurichWinter = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h - 1, m)

describe('computeClientAlerts', () => {
  it('warns about a pending token with less than two hours left, once per token', () => {
    const now = zurichWinter(26, 9)
    const soon = makeToken(1, now, { receivedAtMs: now - 23 * 3_600_000, expiresAtMs: now + 90 * 60_000 })
    const later = makeToken(2, now, { receivedAtMs: now, expiresAtMs: now + 24 * 3_600_000 })
    const alerts = computeClientAlerts(now, [soon, later], [], DEFAULT_INTAKE_WINDOW)
    expect(alerts.map((a) => a.key)).toEqual(['token-expiring:tok-1'])
    expect(alerts[0]?.title).toContain('1 h 30 min')
  })

  it('warns when the window is closing with tokens still pending', () => {
    const now = zurichWinter(26, 14)
    const pending = makeToken(3, now, { receivedAtMs: now - 60_000, expiresAtMs: now + 20 * 3_600_000 })
    const alerts = computeClientAlerts(now, [pending], [], DEFAULT_INTAKE_WINDOW)
    const closing = alerts.find((a) => a.key.startsWith('window-closing:'))
    expect(closing?.title).toContain('1 token pending')
    expect(closing?.body).toContain('still valid when the window opens again')
  })

  it('names the pending tokens that are gone by the next opening unless exchanged before the close', () => {
    const now = zurichWinter(26, 14)
    const short = makeToken(4, now, { receivedAtMs: now - 3_600_000, expiresAtMs: now + 6 * 3_600_000 })
    const long = makeToken(5, now, { receivedAtMs: now - 60_000, expiresAtMs: now + 20 * 3_600_000 })
    const closing = computeClientAlerts(now, [short, long], [], DEFAULT_INTAKE_WINDOW).find((a) =>
      a.key.startsWith('window-closing:'),
    )
    expect(closing?.body).toBe(
      `One expires before the window opens again (${short.outtaskId}): exchange it before 15:00, or a new token is needed.`,
    )
  })

  it('raises an error for an entity failing three polls in a row', () => {
    const now = zurichWinter(26, 9)
    const failing = makeEntity(6, now)
    failing.polling = { ...failing.polling, consecutiveFailures: 3 }
    const alerts = computeClientAlerts(now, [], [failing, makeEntity(7, now)], DEFAULT_INTAKE_WINDOW)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.level).toBe('error')
    expect(alerts[0]?.entityId).toBe('ent-6')
  })
})

describe('computeClientAlerts with many problems at once', () => {
  it('sums up many failing entities in one toast instead of a storm', () => {
    const now = zurichWinter(26, 9)
    const entities = [6, 13, 20, 27].map((i) => {
      const e = makeEntity(i, now)
      e.polling = { ...e.polling, consecutiveFailures: 4 }
      return e
    })
    const alerts = computeClientAlerts(now, [], entities, DEFAULT_INTAKE_WINDOW)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.title).toBe('4 entities failed 3 or more polls in a row')
  })
})
