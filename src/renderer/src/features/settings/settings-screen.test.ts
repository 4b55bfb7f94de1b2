import { describe, expect, it } from 'vitest'
import { validateSettingsDraft } from './settings-draft'

const good = {
  environment: 'sandbox' as const,
  concurTokenBaseUrl: 'https://us.api.concursolutions.com',
  concurClientId: '',
  facesBaseUrl: '',
  facesUser: '',
  cron: '5,20,35,50 * * * *',
  scheduleTimeZone: 'Europe/Zurich',
  windowTimeZone: 'Europe/Zurich',
  opensAt: '06:00',
  softCloseAt: '14:30',
  hardCloseAt: '15:00',
  weekdays: [1, 2, 3, 4, 5],
  closingSoonMinutes: '60',
  requestTokenLifetimeHours: '24',
  loginIdChangePolicy: 'update-existing' as const,
}

describe('validateSettingsDraft', () => {
  it('accepts the defaults', () => {
    expect(validateSettingsDraft(good)).toEqual({})
  })

  it('explains each wrong field in words, keyed like main does', () => {
    const errors = validateSettingsDraft({
      ...good,
      opensAt: '6am',
      softCloseAt: '16:00',
      hardCloseAt: '15:00',
      weekdays: [],
      requestTokenLifetimeHours: '72',
    })
    expect(errors).toEqual({
      'intakeWindow.opensAt': 'Use 24-hour HH:MM, e.g. 06:00',
      'intakeWindow.hardCloseAt': 'The hard close must not come before the soft close',
      'intakeWindow.weekdays': 'Pick at least one weekday',
      requestTokenLifetimeHours: 'Enter a number of hours between 1 and 48',
    })
  })

  it('requires https for the production Concur URL', () => {
    const errors = validateSettingsDraft({
      ...good,
      environment: 'production',
      concurTokenBaseUrl: 'http://x',
    })
    expect(errors['production.concurTokenBaseUrl']).toBe('Enter a full https:// URL')
  })
})
