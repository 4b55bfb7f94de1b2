/** The token desk under test: the real owner and repository over memory ports, fakes only at Concur and Faces. */
import { afterEach } from 'vitest'
import { createManualClock } from '../../src/main/core/clock'
import type { ConcurOAuth, GrantResult } from '../../src/main/core/concur/concur-oauth'
import { createMemoryEntityRepository } from '../../src/main/core/entities/entity-repository'
import { createEntityStore } from '../../src/main/core/entities/entity-store'
import { createMemoryLogger } from '../../src/main/logging/logger'
import type { CredentialOwner } from '../../src/main/core/tokens/credential-owner'
import { createTokenDesk } from '../../src/main/core/tokens/token-desk'
import { createMemoryTokenRepository } from '../../src/main/core/tokens/token-repository'
import {
  createFakeFaces,
  testCredentialsFor,
  createMemorySecrets,
  createMemorySettings,
  createRecordingBus,
  createTestOwner,
} from './token-desk-fakes'

export const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
export const TOKEN = 'at-9Zq3kLmN0pQrStUvWxYz1234abcd'
export const REFRESH = 'rt-secret-refresh-0123456789abcdef'
export const START = Date.parse('2026-11-25T08:00:00Z') // Wednesday 09:00 CET, inside the window
export const HOUR = 3_600_000
export const EU2 = 'https://eu2.api.concursolutions.com'

export const paste = (outtaskId = '110034', uuid = UUID, token = TOKEN): string =>
  `Entity/Outtask ID: ${outtaskId}\nClient_UUID: ${uuid}\nRequest_Token: ${token}\n`

const owners: CredentialOwner[] = []
afterEach(async () => {
  for (const o of owners.splice(0)) await o.stop()
})

/**
 * A token desk over the real credential owner and repository (memory keychain and settings); the
 * Concur token service and the Faces link are fakes at the port, so the clock stays manual.
 */
export async function setup(
  options: { exchange?: ConcurOAuth['exchange']; refresh?: ConcurOAuth['refresh'] } = {},
) {
  const clock = createManualClock(START)
  const secrets = createMemorySecrets()
  const settings = createMemorySettings()
  const bus = createRecordingBus()
  const faces = createFakeFaces()
  const log = createMemoryLogger()
  const entities = createEntityStore({ repo: createMemoryEntityRepository(), clock })
  const tokensRepo = createMemoryTokenRepository()
  const exchangeCalls: string[] = []
  const polling: Array<[string, boolean]> = []
  const grant = (refreshToken: string): GrantResult => ({
    grant: {
      accessToken: 'at-access-1',
      expiresInMs: HOUR,
      refreshToken,
      refreshExpiresAtMs: clock.nowMs() + 180 * 24 * HOUR,
      geolocation: EU2,
      scopes: [],
    },
    geolocation: EU2,
    correlationId: 'c-1',
  })
  const owner = createTestOwner({
    secrets,
    settings,
    entities,
    faces,
    clock,
    log,
    oauth: {
      exchange:
        options.exchange ??
        (async (input) => {
          exchangeCalls.push(input.requestToken)
          return grant(exchangeCalls.length === 1 ? REFRESH : `${REFRESH}-${exchangeCalls.length}`)
        }),
      refresh: options.refresh ?? (async () => grant(`${REFRESH}-rotated`)),
    },
    notify: (n) => bus.emit('notify', n),
  })
  owners.push(owner)
  const desk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: tokensRepo,
    credentials: testCredentialsFor(secrets, settings),
    owner,
    bus,
    pollControl: { setPollingActive: (id, active) => void polling.push([id, active]) },
    newId: (() => {
      let n = 0
      return () => `t${++n}`
    })(),
  })
  const entity = await entities.create({
    name: 'Umbrella EMEA',
    outtaskId: '110034',
    companyUuid: UUID,
    siteIds: ['S1'],
    vendorSiteIds: ['V1'],
    travelConfigIds: ['TC1', 'TC2'],
    facesCompanyId: 'faces-1',
  })
  const storedToken = (): string | null => {
    const v = secrets.values.get(`refresh-token:${entity.id}`)
    return v ? (JSON.parse(v) as { refreshToken: string }).refreshToken : null
  }
  return {
    clock,
    secrets,
    settings,
    bus,
    faces,
    log,
    entities,
    tokensRepo,
    desk,
    entity,
    exchangeCalls,
    polling,
    owner,
    storedToken,
  }
}
