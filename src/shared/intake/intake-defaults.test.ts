import { describe, expect, it } from 'vitest'
import { composeCase, renewalSteps } from './case-composer'
import {
  DEFAULT_INTAKE_WINDOW,
  defaultIntakeWindow,
  intakeWindowPhrase,
  requestTokenLifetimeText,
  weekdaysPhrase,
  zonePhrase,
} from './intake-defaults'

describe('the request-token lifetime sentence', () => {
  it('states the desk rule and SAP documentation once, the same way', () => {
    expect(requestTokenLifetimeText()).toBe(
      "The desk treats request tokens as valid for 12 hours (our intake rule; SAP's current documentation says 24 hours).",
    )
    expect(requestTokenLifetimeText(24)).toBe(
      "The desk treats request tokens as valid for 24 hours (our intake rule; SAP's current documentation also says 24 hours).",
    )
    expect(requestTokenLifetimeText(1)).toContain('valid for 1 hour (')
  })
})

describe('the intake window phrase', () => {
  it('reads the default window as customers are asked for it, and with the hard close for staff', () => {
    expect(intakeWindowPhrase()).toBe('between 06:00 and 14:30 CET/CEST, Monday to Friday')
    expect(intakeWindowPhrase(DEFAULT_INTAKE_WINDOW, { withHardClose: true })).toBe(
      'between 06:00 and 14:30 (at the latest 15:00) CET/CEST, Monday to Friday',
    )
  })

  it('follows the configured window', () => {
    const w = { ...defaultIntakeWindow(), timeZone: 'UTC', opensAt: '07:00', weekdays: [1, 3, 5] }
    expect(intakeWindowPhrase(w)).toBe('between 07:00 and 14:30 UTC, Monday, Wednesday and Friday')
    expect(
      composeCase({ name: 'A', outtaskId: '1', companyUuid: 'u', siteIds: [], vendorSiteIds: [] }, w).body,
    ).toContain('between 07:00 and 14:30 UTC, Monday, Wednesday and Friday')
    expect(renewalSteps({ name: 'A', outtaskId: '1' }, w)[1]).toContain('between 07:00 and 14:30 UTC')
  })

  it('names weekdays and zones', () => {
    expect(weekdaysPhrase([1, 2, 3, 4, 5, 6, 7])).toBe('every day')
    expect(weekdaysPhrase([6])).toBe('on Saturdays')
    expect(weekdaysPhrase([])).toBe('on no day')
    expect(zonePhrase('Europe/Zurich')).toBe('CET/CEST')
  })

  it('hands out copies, so a settings document never changes the shared default', () => {
    const copy = defaultIntakeWindow()
    copy.weekdays.push(6)
    expect(DEFAULT_INTAKE_WINDOW.weekdays).toEqual([1, 2, 3, 4, 5])
    expect(Object.isFrozen(DEFAULT_INTAKE_WINDOW)).toBe(true)
  })
})
