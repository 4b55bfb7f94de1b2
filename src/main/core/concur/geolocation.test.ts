import { describe, expect, it } from 'vitest'
import { normaliseGeolocation } from './geolocation'

describe('normaliseGeolocation', () => {
  it.each([
    ['https://us.api.Concursolutions.com', 'https://us.api.concursolutions.com'],
    ['https://us.api.concursolutions.com/oauth2/v0/token', 'https://us.api.concursolutions.com'],
    ['HTTPS://EU2.API.CONCURSOLUTIONS.COM/', 'https://eu2.api.concursolutions.com'],
    ['  https://us2.api.concursolutions.com:443/x?y=1 ', 'https://us2.api.concursolutions.com'],
    ['HTTP://127.0.0.1:4010/oauth2/v0/token', 'http://127.0.0.1:4010'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseGeolocation(input)).toBe(expected)
  })

  it.each(['', 'not a url', 'ftp://us.api.concursolutions.com', null, undefined])(
    'returns null for %j',
    (input) => {
      expect(normaliseGeolocation(input)).toBeNull()
    },
  )
})
