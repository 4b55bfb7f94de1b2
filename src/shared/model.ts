/**
 * Plain data shapes that cross the main/renderer boundary. Serialisable only: no classes,
 * no Date (epoch milliseconds instead), never a secret value.
 */
import type { Problem } from './result'
import type { SandboxSwitchId } from './sandbox-switches'
import type { PollSummary } from './sync-model'

export type * from './sync-model'

/** Which backend the desk talks to. */
export type EnvironmentKind = 'sandbox' | 'production'

/** How the UI reaches the main process. */
export type TransportKind = 'electron' | 'service'

/** Facts about the running desk, for the header and the settings screen. */
export type AppInfo = {
  version: string
  transport: TransportKind
  environment: EnvironmentKind
  /**
   * Where secrets live: the OS keychain; `encrypted`: AES-256-GCM in the database (a headless
   * team desk with a secret key); `memory` only in the Sandbox when neither is available.
   */
  keychain: { backend: 'keychain' | 'encrypted' | 'memory'; detail: string }
  dataDir: string
  /** The IANA zone of the intake window (Europe/Zurich). */
  businessTimeZone: string
  startedAtMs: number
  /** What the desk found at start and wants someone to know (a damaged store it recovered, an import). */
  notices: DeskNotice[]
  /** Where the desk's state lives: a SQLite file or a PostgreSQL schema (no password). */
  store: { kind: 'sqlite' | 'postgres'; location: string } | null
  /** A team desk's instances on a shared PostgreSQL store (`--instances shared`); null on a solo desk. */
  instances?: DeskInstanceView[] | null
}

/** One team-desk instance as About shows it. */
export type DeskInstanceView = {
  instanceId: string
  host: string
  pid: number
  startedAtMs: number
  lastSeenMs: number
  stoppedAtMs: number | null
  /** Seen within three heartbeats and not stopped. */
  alive: boolean
  /** The instance answering. */
  self: boolean
}

/** Something the desk did at start that staff should know about, shown as a banner until dismissed. */
export type DeskNotice = {
  id: string
  level: 'info' | 'warning' | 'error'
  title: string
  /** What happened and what it means, in words. */
  body: string
  /** The file (or database) it is about, when there is one. */
  file: string | null
  atMs: number
}

/** The onboarding steps of one entity, in order. */
export const ONBOARDING_STEPS = [
  'approval-obtained',
  'case-opened',
  'request-token-received',
  'exchanged',
  'refresh-token-set-in-faces',
  'interface-and-polling-active',
] as const
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number]

/** How far an entity is: its furthest checklist step, or 'credential-dead' when its refresh token stopped working. */
export type EntityStage = OnboardingStep | 'not-started' | 'credential-dead'

/** One dated checklist step. */
export type ChecklistItem = { step: OnboardingStep; doneAtMs: number | null }

/** State of a pasted request token. */
export type RequestTokenState = 'pending' | 'exchanging' | 'exchanged' | 'failed' | 'expired'

/** A request token as the UI sees it: never the token itself, only a masked preview. */
export type TokenView = {
  id: string
  entityId: string
  outtaskId: string
  /** e.g. `at-3f…9c` */
  tokenPreview: string
  receivedAtMs: number
  expiresAtMs: number
  state: RequestTokenState
  /** Why the last exchange failed (mapped, safe to show). */
  problem: Problem | null
  exchangedAtMs: number | null
  /** After the exchange: the hand-off of the refresh token to the Faces company (null before). */
  handOff: { doneAtMs: number | null; attemptedAtMs: number; isFailed: boolean } | null
}

/** Whether Faces holds the refresh token the desk holds (generations of the write-through). */
export type FacesLinkState = {
  /** Generation of the refresh token in the keychain. */
  generation: number
  /** Generation Faces acknowledged, or null when it confirmed none yet. */
  facesGeneration: number | null
  /** Since when Faces holds an older link than the desk and the desk retries; null when in step. */
  pendingSinceMs: number | null
  /** Why the last write-through failed. */
  lastProblem: Problem | null
}

/** What credential an entity holds right now. */
export type CredentialView =
  | { state: 'none' }
  | { state: 'request-token'; token: TokenView }
  | {
      state: 'refresh-token'
      /** When the refresh token was stored in the keychain. */
      sinceMs: number
      refreshExpiresAtMs: number | null
      /** 30 days or less before the refresh token expires. */
      isRenewalDue: boolean
      exchangedFromTokenId: string | null
      /** Whether the refresh token was handed to the Faces company profile. */
      handedToFacesAtMs: number | null
      faces: FacesLinkState
    }
  | {
      /** Concur declared the refresh token dead (re-checked against the store): a new request token is needed. */
      state: 'refresh-token-invalid'
      sinceMs: number
      problem: Problem
      reason: 'invalid' | 'expired'
    }

/** An entity (a Concur company) as listed in the UI. */
export type EntityView = {
  id: string
  name: string
  outtaskId: string
  companyUuid: string
  siteIds: string[]
  vendorSiteIds: string[]
  travelConfigIds: string[]
  facesCompanyId: string
  geolocation: string | null
  archived: boolean
  createdAtMs: number
  stage: EntityStage
  checklist: ChecklistItem[]
  credential: CredentialView
  polling: {
    active: boolean
    lastPoll: PollSummary | null
    nextPollAtMs: number | null
    consecutiveFailures: number
    retryListSize: number
  }
  /** Login-id changes detected and not yet acknowledged. */
  loginIdChanges: number
}

/** Fields a user edits on an entity. */
export type EntityInput = {
  name: string
  outtaskId: string
  companyUuid: string
  siteIds: string[]
  vendorSiteIds: string[]
  travelConfigIds: string[]
  facesCompanyId: string
}

/** One row of a CSV import report. */
export type CsvImportRow = {
  line: number
  outcome: 'created' | 'updated' | 'rejected'
  outtaskId: string | null
  reasons: string[]
}

/** A field-level complaint about a pasted token block. */
export type FieldError = {
  field: 'outtaskId' | 'companyUuid' | 'requestToken' | 'block'
  /** The offending value; a token is masked. */
  value: string
  message: string
}

/**
 * Something the preview tells about a field without rejecting it: a `warning` for a value that is
 * doubtful but possible (accepted), a `note` for formatting the desk normalised (braces around a
 * UUID, invisible characters removed, HTML read as text).
 */
export type FieldNotice = {
  field: FieldError['field']
  message: string
}

/** One token block found in pasted text. */
export type ParsedTokenBlock = {
  index: number
  /** 1-based line range of the block in the pasted text (as pasted, also for HTML). */
  lines: [number, number]
  outtaskId: string | null
  /** Normalised: lower case, 8-4-4-4-12. */
  companyUuid: string | null
  tokenPreview: string | null
  errors: FieldError[]
  /** Doubtful but accepted; shown in amber. */
  warnings: FieldNotice[]
  /** What the desk normalised or removed to read the block. */
  notes: FieldNotice[]
  match: { kind: 'known'; entityId: string; entityName: string; uuidMatches: boolean } | { kind: 'unknown' }
  /** The same token was seen before: neutral, nothing to fix (the block is simply not taken again). */
  isDuplicate: boolean
  /** Where the earlier copy is, when `isDuplicate`. */
  duplicateOf: TokenDuplicate | null
  isValid: boolean
  /**
   * When the message carrying the token reached the desk, when the desk knows it (the Sandbox's
   * simulated replies); null: the desk counts from the submit, as in production.
   */
  receivedAtMs: number | null
}

/** The earlier copy of a token pasted again. */
export type TokenDuplicate =
  /** The same token appears earlier in this paste (a forwarded e-mail that quotes itself). */
  | { kind: 'in-paste'; blockIndex: number }
  /** The desk already holds this token (pasted before). */
  | {
      kind: 'known'
      tokenId: string
      state: RequestTokenState
      entityName: string
      receivedAtMs: number
      exchangedAtMs: number | null
    }

/** Intake-window configuration (wall-clock times in `timeZone`). */
export type IntakeWindowSettings = {
  timeZone: string
  /** `HH:MM` */
  opensAt: string
  /** Soft close `HH:MM` */
  softCloseAt: string
  /** Hard close `HH:MM` */
  hardCloseAt: string
  /** ISO weekdays 1 (Mon) … 7 (Sun) on which the window opens. */
  weekdays: number[]
  /** Minutes before the soft close that count as "closing soon". @default 60 */
  closingSoonMinutes: number
}

/** Where the desk is connected, as settings (secrets excluded). */
export type SettingsView = {
  environment: EnvironmentKind
  production: {
    concurTokenBaseUrl: string
    concurClientId: string
    hasConcurClientSecret: boolean
    facesBaseUrl: string
    facesUser: string
    hasFacesApiKey: boolean
  }
  schedule: { cron: string; timeZone: string }
  intakeWindow: IntakeWindowSettings
  requestTokenLifetimeHours: number
  loginIdChangePolicy: 'update-existing' | 'flag-only'
  /** The paste screen starts with "exchange later" ticked: submitted tokens wait on Today. */
  exchangeLaterByDefault: boolean
  syncLogRetention: SyncLogRetentionSettings
  /** How many days the audit trail keeps records (team desk; Settings → Users & audit). */
  auditRetentionDays: number
}

/** How long the sync log keeps records (Settings → Sync log); null switches a limit off. */
export type SyncLogRetentionSettings = { maxAgeDays: number | null; maxRecords: number | null }

/** The result of one Settings → Test connection check (no secret in any field). */
export type ConnectionCheck = {
  target: 'concur' | 'faces'
  verdict:
    | 'ok'
    | 'not-configured'
    | 'refused-host'
    | 'wrong-secret'
    | 'unknown-client'
    | 'client-disabled'
    | 'unreachable'
    | 'tls'
    | 'timeout'
    | 'unauthorised'
    | 'not-faces'
    | 'unexpected'
  /** What happened and what to do, in plain words. */
  message: string
  correlationId: string | null
  durationMs: number
}

/** Both checks of one Test connection. */
export type ConnectionReport = { concur: ConnectionCheck; faces: ConnectionCheck; atMs: number }

/** A notification for toasts (service mode) and native notifications (Electron). */
export type DeskNotification = {
  id: string
  level: 'info' | 'warning' | 'error'
  title: string
  body: string
  entityId: string | null
  atMs: number
}

/** One bad-day switch of the Sandbox (shared/sandbox-switches.ts says what each does). */
export type SandboxSwitchState = {
  id: SandboxSwitchId
  isOn: boolean
  /** When it was switched on. */
  sinceMs: number | null
  /** The entity it is about, for switches that need one. */
  entityId: string | null
  entityName: string | null
  /** What switching it on did, in one sentence. */
  note: string | null
}

/** What the built-in Sandbox is running (null URLs and no switches when not in the Sandbox). */
export type SandboxStatus = {
  active: boolean
  concurTokenUrl: string | null
  concurDataCentres: Record<string, string>
  facesUrl: string | null
  /** When this Sandbox started (a reset starts a new one: the UI reloads everything it shows). */
  startedAtMs: number | null
  switches: SandboxSwitchState[]
}

/** Where the desk's own update stands (Settings → Updates). */
export type UpdateState =
  /** Updates do not apply here: service mode, a development build, a package-manager install. */
  | 'unsupported'
  | 'idle'
  | 'checking'
  | 'up-to-date'
  | 'downloading'
  /** Downloaded and verified: "Restart to update" installs it (never while a sync runs). */
  | 'ready'
  | 'installing'
  | 'failed'

/** The desk's update status, pushed on `updates:changed`. */
export type UpdateStatus = {
  state: UpdateState
  currentVersion: string
  /** The newer version found (downloading, ready, or refused). */
  availableVersion: string | null
  /** 0–100 while downloading. */
  downloadPercent: number | null
  lastCheckedAtMs: number | null
  /** Plain-language explanation: why unsupported, why it failed or was refused, what installs when. */
  message: string | null
  /** Poll runs under way right now: "Restart to update" waits until they are done. */
  syncsRunning: number
}
