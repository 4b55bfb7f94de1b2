/**
 * Deterministic demo data for component tests, screenshots and the UI benchmark: entities in every
 * onboarding stage and credential state, pending tokens, and a large sync log.
 */
import type {
  EntityView,
  OnboardingStep,
  PollStat,
  RunHistoryEntry,
  SettingsView,
  SyncLogRecord,
  TokenView,
  TravellerDetail,
  TravellerView,
} from '../../../shared/model'
import { ONBOARDING_STEPS } from '../../../shared/model'
import { defaultIntakeWindow } from '../../../shared/intake/intake-defaults'

const HOUR = 3_600_000

function uuidFor(i: number): string {
  const hex = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0')
  return `${hex}-5989-4675-a254-${String(i).padStart(12, '0')}`
}

const NAMES = [
  'Umbrella',
  'Initech',
  'Globex',
  'Stark',
  'Wayne',
  'Acme',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
]
const PLACES = ['AG', 'GmbH', 'Ltd', 'SA', 'Inc', 'BV', 'Sàrl', 'Oy']

/** A token for entity `i`. */
export function makeToken(i: number, nowMs: number, patch: Partial<TokenView> = {}): TokenView {
  const receivedAtMs = nowMs - ((i * 37) % 20) * HOUR - 10 * 60_000
  return {
    id: `tok-${i}`,
    entityId: `ent-${i}`,
    outtaskId: String(110000 + i),
    tokenPreview: `at-${(i * 7919).toString(36).slice(0, 3)}…${i % 10}c`,
    receivedAtMs,
    expiresAtMs: receivedAtMs + 24 * HOUR,
    state: 'pending',
    problem: null,
    exchangedAtMs: null,
    handOff: null,
    ...patch,
  }
}

/** Entity `i` in a stage and credential state that cycle with `i`. */
export function makeEntity(i: number, nowMs: number, patch: Partial<EntityView> = {}): EntityView {
  const stageIndex = i % (ONBOARDING_STEPS.length + 1)
  const stage: OnboardingStep | 'not-started' =
    stageIndex === 0 ? 'not-started' : (ONBOARDING_STEPS[stageIndex - 1] as OnboardingStep)
  const checklist = ONBOARDING_STEPS.map((step, k) => ({
    step,
    doneAtMs: k < stageIndex ? nowMs - (10 - k) * 86_400_000 : null,
  }))
  const isConnected = stageIndex >= 4
  const isBroken = isConnected && i % 17 === 0
  const credential: EntityView['credential'] = isBroken
    ? {
        state: 'refresh-token-invalid',
        sinceMs: nowMs - 5 * HOUR,
        problem: {
          kind: 'refresh-token-invalid',
          message:
            'Concur no longer accepts the refresh token. Ask the client for a new company request token.',
        },
        reason: 'invalid',
      }
    : isConnected
      ? {
          state: 'refresh-token',
          sinceMs: nowMs - (i % 150) * 86_400_000,
          refreshExpiresAtMs: nowMs + (180 - (i % 150)) * 86_400_000,
          isRenewalDue: 180 - (i % 150) <= 30,
          exchangedFromTokenId: null,
          handedToFacesAtMs: stageIndex >= 5 ? nowMs - 86_400_000 : null,
          faces: {
            generation: 1 + (i % 5),
            facesGeneration: stageIndex >= 5 && i % 29 !== 0 ? 1 + (i % 5) : null,
            pendingSinceMs: stageIndex >= 5 && i % 29 !== 0 ? null : nowMs - 40 * 60_000,
            lastProblem: null,
          },
        }
      : stageIndex === 3
        ? { state: 'request-token', token: makeToken(i, nowMs) }
        : { state: 'none' }
  const isPolling = stageIndex === 6
  const failures = isPolling && i % 23 === 0 ? 3 : 0
  return {
    id: `ent-${i}`,
    name: `${NAMES[i % NAMES.length]} ${PLACES[(i >> 1) % PLACES.length]} ${i}`,
    outtaskId: String(110000 + i),
    companyUuid: uuidFor(i),
    siteIds: [`S${i}`],
    vendorSiteIds: [],
    travelConfigIds: [`TC${i % 5}`],
    facesCompanyId: `F-${1000 + i}`,
    geolocation: isConnected ? 'https://us.api.concursolutions.com' : null,
    archived: false,
    createdAtMs: nowMs - 30 * 86_400_000,
    stage,
    checklist,
    credential,
    polling: {
      active: isPolling,
      lastPoll: isPolling
        ? {
            atMs: nowMs - ((i * 13) % 15) * 60_000 - 60_000,
            outcome: failures ? 'failed' : i % 7 === 0 ? 'partial' : 'success',
            changed: i % 9,
            applied: failures ? 0 : i % 9,
            failed: failures ? 1 : 0,
            durationMs: 800 + (i % 10) * 100,
            problem: failures
              ? {
                  kind: 'remote-failed',
                  message: 'Concur answered 503 three times. The desk retries at the next poll.',
                }
              : null,
          }
        : null,
      nextPollAtMs: isPolling ? nowMs + (((i * 7) % 15) + 1) * 60_000 + (i % 60) * 1000 : null,
      consecutiveFailures: failures,
      retryListSize: failures ? 2 : 0,
    },
    loginIdChanges: 0,
    ...patch,
  }
}

/** `count` entities. */
export function makeEntities(count: number, nowMs: number): EntityView[] {
  return Array.from({ length: count }, (_, i) => makeEntity(i, nowMs))
}

const MESSAGES = [
  'Profile updated in Faces',
  'Profile unchanged, skipped',
  'Profile posted to Concur',
  'Concur answered 429, retrying later',
  'Run finished',
]

/** `count` log records, newest with the highest seq, spread over the last days. */
export function makeLogRecords(count: number, nowMs: number, entities = 50): SyncLogRecord[] {
  const out: SyncLogRecord[] = new Array(count)
  for (let k = 0; k < count; k++) {
    const seq = k + 1
    const i = k % entities
    const outcomeCycle = k % 11
    out[k] = {
      seq,
      atMs: nowMs - (count - k) * 5_000,
      entityId: `ent-${i}`,
      entityName: `${NAMES[i % NAMES.length]} ${PLACES[(i >> 1) % PLACES.length]} ${i}`,
      runId: `run-${Math.floor(k / 40)}`,
      direction: k % 3 === 0 ? 'faces-to-concur' : 'concur-to-faces',
      traveller: `traveller${k % 977}@example.com`,
      kind: 'traveller',
      outcome:
        outcomeCycle === 0
          ? 'failed'
          : outcomeCycle === 1
            ? 'warning'
            : outcomeCycle < 4
              ? 'skipped'
              : 'success',
      message: MESSAGES[k % MESSAGES.length] as string,
      durationMs: 40 + (k % 200),
      error: outcomeCycle === 0 ? 'HTTP 503 from Concur' : null,
      correlationId: outcomeCycle === 0 ? `corr-${k}` : null,
    }
  }
  return out
}

/** Settings as main would report them in the Sandbox. */
export function makeSettings(): SettingsView {
  return {
    environment: 'sandbox',
    production: {
      concurTokenBaseUrl: 'https://us.api.concursolutions.com',
      concurClientId: '',
      hasConcurClientSecret: false,
      facesBaseUrl: '',
      facesUser: '',
      hasFacesApiKey: false,
    },
    schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    intakeWindow: defaultIntakeWindow(),
    requestTokenLifetimeHours: 24,
    loginIdChangePolicy: 'update-existing',
    exchangeLaterByDefault: false,
    syncLogRetention: { maxAgeDays: 90, maxRecords: 2_000_000 },
    auditRetentionDays: 400,
  }
}

/** Travellers of one entity. */
export function makeTravellers(count: number, nowMs: number): TravellerView[] {
  return Array.from({ length: count }, (_, k) => ({
    loginId: `traveller${k}@example.com`,
    name: `Traveller ${k}`,
    employeeId: `E${k}`,
    lastConcurToFacesMs: nowMs - k * 600_000,
    lastFacesToConcurMs: k % 3 ? nowMs - k * 900_000 : null,
    lastOutcome: k % 8 === 0 ? 'failed' : 'success',
    inRetryList: k % 8 === 0,
    retryError: k % 8 === 0 ? 'Concur answered 400: invalid e-mail' : null,
  }))
}

/** Poll stats every 15 minutes over the last day. */
export function makePollStats(nowMs: number): PollStat[] {
  return Array.from({ length: 96 }, (_, k) => ({
    atMs: nowMs - (96 - k) * 900_000,
    synced: (k * 7) % 13,
    failed: k % 17 === 0 ? 2 : 0,
  }))
}

/** A run history of one entity: a live run on top, then every kind and state, over two days. */
export function makeRunHistory(entityId: string, nowMs: number): RunHistoryEntry[] {
  const kinds: RunHistoryEntry['kind'][] = ['scheduled', 'manual', 'catch-up', 'full-resync', 'traveller']
  return Array.from({ length: 14 }, (_, k) => {
    const startedAtMs = nowMs - k * 3 * HOUR - 5 * 60_000
    const state: RunHistoryEntry['state'] =
      k === 0
        ? 'running'
        : k % 9 === 0
          ? 'interrupted'
          : k % 5 === 0
            ? 'failed'
            : k % 7 === 0
              ? 'cancelled'
              : 'done'
    const read = 12 + k
    const failed = state === 'failed' ? 0 : k % 4 === 0 ? 1 : 0
    const written = k % 3 === 0 ? 2 : 0
    const durationMs = 1_400 + k * 90
    return {
      runId: `run-h${k}`,
      entityId,
      kind: kinds[k % kinds.length] as RunHistoryEntry['kind'],
      direction: k % 5 === 4 ? 'faces-to-concur' : 'concur-to-faces',
      state,
      startedAtMs,
      finishedAtMs: state === 'running' || state === 'interrupted' ? null : startedAtMs + durationMs,
      durationMs: state === 'running' || state === 'interrupted' ? null : durationMs,
      counts:
        k === 13
          ? null
          : {
              read,
              written,
              unchanged: state === 'done' ? read - written - failed : 0,
              skipped: 0,
              flagged: 0,
              rejected: 0,
              failed,
            },
      problem:
        state === 'failed' ? 'Concur answered 503 three times; the desk retries at the next poll.' : null,
      correlationId: state === 'failed' ? `corr-run-${k}` : null,
    }
  })
}

/** A traveller in detail: a differing field, a first copy and a change per direction, history. */
export function makeTravellerDetail(entityId: string, loginId: string, nowMs: number): TravellerDetail {
  const field = (f: string, label: string, concur: string | null, faces: string | null) => ({
    field: f,
    label,
    concur,
    faces,
  })
  return {
    loginId,
    name: 'Anna Muster',
    employeeId: 'E1001',
    facesId: 'ft-1001',
    fields: [
      field('name.first', 'First name', 'Anna', 'Anna'),
      field('name.last', 'Last name', 'Muster', 'Muster-Meier'),
      field('employeeId', 'Employee ID', 'E1001', 'E1001'),
      field('email.Business', 'E-mail (Business)', loginId, loginId),
      field('phone.Work', 'Phone (Work)', '+41 44 123 45 67', null),
      field('address.Home.city', 'Address Home: city', 'Zürich', 'Zürich'),
      field('passport.0.number', 'Passport 1: number', '•••567', '•••567'),
    ],
    concurProblem: null,
    facesProblem: null,
    lastChange: {
      concurToFaces: {
        atMs: nowMs - 3 * HOUR,
        isFirstCopy: false,
        changes: [
          { field: 'address.Home.city', label: 'Address Home: city', before: 'Bern', after: 'Zürich' },
        ],
      },
      facesToConcur: {
        atMs: nowMs - 26 * HOUR,
        isFirstCopy: false,
        changes: [{ field: 'phone.Work', label: 'Phone (Work)', before: null, after: '+41 44 123 45 67' }],
      },
    },
    lastConcurToFacesMs: nowMs - 3 * HOUR,
    lastFacesToConcurMs: nowMs - 26 * HOUR,
    inRetryList: false,
    retryError: null,
    history: makeLogRecords(6, nowMs)
      .map((r) => ({ ...r, entityId, traveller: loginId }))
      .reverse(),
    readAtMs: nowMs,
  }
}
