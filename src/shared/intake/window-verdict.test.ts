import { describe, expect, it } from 'vitest'
import type { IntakeWindowSettings } from '../model'
import { DEFAULT_INTAKE_WINDOW } from './intake-defaults'
import { RECEIPT_CASES } from './receipt-instants.test-helper'
import { verdictText } from './verdict-text'
import { windowVerdict } from './window-verdict'

const HOUR = 3_600_000
const utc = (iso: string): number => Date.parse(iso)
const settings: IntakeWindowSettings = { ...DEFAULT_INTAKE_WINDOW, weekdays: [1, 2, 3, 4, 5] }

describe('windowVerdict at the moment of receipt', () => {
  it.each(RECEIPT_CASES)('$name → $kind', (c) => {
    const receivedAtMs = utc(c.receivedAt)
    const token = {
      receivedAtMs,
      expiresAtMs: receivedAtMs + c.lifetimeHours * HOUR,
      state: 'pending' as const,
    }
    const v = windowVerdict(token, receivedAtMs, c.settings)
    expect(v.kind).toBe(c.kind)
    expect(v.severity).toBe(c.kind === 'unreachable' ? 'bad' : c.kind === 'in-time' ? 'ok' : 'warn')
    expect(v.needsNewToken).toBe(c.kind === 'unreachable')
    if (c.exchangeBy)
      expect(new Date(v.exchangeByMs ?? 0).toISOString()).toBe(new Date(c.exchangeBy).toISOString())
    else expect(v.exchangeByMs).toBeNull()
  })
})

describe('windowVerdict as time passes', () => {
  const received = utc('2026-11-25T05:00:00Z') // Wed 06:00 CET
  const token = { receivedAtMs: received, expiresAtMs: received + 12 * HOUR, state: 'pending' as const }

  it('is amber while staffed and turns red at the hard close, when nobody is left to exchange it', () => {
    expect(windowVerdict(token, utc('2026-11-25T13:59:59Z'), settings).kind).toBe('exchange-before-close')
    const after = windowVerdict(token, utc('2026-11-25T14:00:00Z'), settings)
    expect(after).toMatchObject({ kind: 'unreachable', severity: 'bad', needsNewToken: true })
    expect(after.nextOpenAtMs).toBe(utc('2026-11-26T05:00:00Z'))
  })

  it('is expired from the expiry instant on, and for a token marked expired', () => {
    expect(windowVerdict(token, token.expiresAtMs, settings).kind).toBe('expired')
    expect(windowVerdict({ ...token, state: 'expired' }, received, settings).kind).toBe('expired')
  })

  it('is done for an exchanged token, whatever the clock says', () => {
    expect(windowVerdict({ ...token, state: 'exchanged' }, token.expiresAtMs + HOUR, settings)).toMatchObject(
      {
        kind: 'exchanged',
        severity: 'ok',
        needsNewToken: false,
      },
    )
  })

  it('judges a failed (retryable) token and one being exchanged like a pending one', () => {
    for (const state of ['failed', 'exchanging'] as const)
      expect(windowVerdict({ ...token, state }, received, settings).kind).toBe('exchange-before-close')
  })

  it('reports a token that arrived outside the window even while it is in time', () => {
    const early = utc('2026-11-25T04:00:00Z') // Wed 05:00 CET
    const t = { receivedAtMs: early, expiresAtMs: early + 30 * HOUR, state: 'pending' as const }
    expect(windowVerdict(t, utc('2026-11-25T08:00:00Z'), settings)).toMatchObject({
      kind: 'in-time',
      arrivedOutsideWindow: true,
    })
  })

  it('says the window never opens when no weekday is configured', () => {
    const v = windowVerdict(token, received, { ...settings, weekdays: [] })
    expect(v).toMatchObject({ kind: 'unreachable', nextOpenAtMs: null })
  })
})

describe('verdictText', () => {
  const tz = 'Europe/Zurich'
  const received = utc('2026-11-25T05:00:00Z')
  const token = { receivedAtMs: received, expiresAtMs: received + 12 * HOUR, state: 'pending' as const }

  it('tells to exchange before the close, with the close and the expiry', () => {
    const t = verdictText(windowVerdict(token, received, settings), token, received, tz)
    expect(t.label).toBe('Exchange before 15:00')
    expect(t.detail).toContain('closes Wed 2026-11-25 15:00 CET (in 9 h 00 min)')
    expect(t.detail).toContain('expires Wed 2026-11-25 18:00 CET, when nobody is at the desk')
  })

  it('says at once that a new token is needed when nobody can exchange it', () => {
    const late = utc('2026-11-25T14:00:00Z')
    const t2 = { ...token, receivedAtMs: late, expiresAtMs: late + 12 * HOUR }
    const t = verdictText(windowVerdict(t2, late, settings), t2, late, tz)
    expect(t.label).toBe('New token needed')
    expect(t.detail).toContain('before the intake window opens again (Thu 2026-11-26 06:00 CET)')
    expect(t.detail).toContain('Ask the customer for a new request token')
  })

  it('shows the time left for a token in time', () => {
    const at10 = utc('2026-11-25T09:00:00Z') // Wed 10:00 CET
    const t24 = { ...token, receivedAtMs: at10, expiresAtMs: at10 + 24 * HOUR }
    const t = verdictText(windowVerdict(t24, at10, settings), t24, at10, tz)
    expect(t).toEqual({ label: 'In time', detail: '1 d 0 h left: valid until Thu 2026-11-26 10:00 CET.' })
  })
})
