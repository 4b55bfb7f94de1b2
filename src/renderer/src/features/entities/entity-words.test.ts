import { describe, expect, it } from 'vitest'
import { makeEntity } from '../../testing/demo-data'
import { cannotSyncReason, dataCentreWords } from './entity-words'

describe('dataCentreWords', () => {
  it('names Concur data centres, Sandbox ones and unknown hosts, never a bare URL', () => {
    expect(dataCentreWords('https://us.api.concursolutions.com/')).toBe('Concur data centre US')
    expect(dataCentreWords('HTTPS://EMEA.API.CONCURSOLUTIONS.COM/oauth2/v0/token')).toBe(
      'Concur data centre EMEA',
    )
    expect(dataCentreWords('http://127.0.0.1:40123', { us2: 'http://127.0.0.1:40123' })).toBe(
      'Sandbox data centre US 2 (simulated)',
    )
    expect(dataCentreWords('http://127.0.0.1:40999')).toBe('Sandbox data centre (simulated)')
    expect(dataCentreWords('https://api.example.net')).toBe('Concur data centre api.example.net')
    expect(dataCentreWords('not a url')).toBe('Concur data centre (unreadable address)')
  })
})

describe('cannotSyncReason', () => {
  it('says why per credential state and nothing for a working refresh token', () => {
    const now = Date.UTC(2026, 10, 27, 9)
    expect(cannotSyncReason(makeEntity(6, now))).toBeNull()
    expect(cannotSyncReason(makeEntity(0, now))).toMatch(/Needs a refresh token first/)
    expect(cannotSyncReason(makeEntity(3, now))).toMatch(/Exchange the request token first/)
    expect(cannotSyncReason(makeEntity(34, now))).toMatch(/stopped working/)
    expect(cannotSyncReason({ ...makeEntity(6, now), archived: true })).toMatch(/restore it first/)
  })
})
