/**
 * The one typed contract between the UI and the main process: every request with its input
 * schema and output type, every push with its payload type. Both transports (Electron IPC and
 * service-mode HTTP) validate inputs with these schemas; no handler knows which transport called.
 */
import { z } from 'zod'
import type { PushChannel, RequestChannel } from './channels'
import type {
  AppInfo,
  ConnectionReport,
  CsvImportRow,
  DeskNotification,
  EntityView,
  ParsedTokenBlock,
  PollStat,
  RunHistoryEntry,
  SandboxStatus,
  SettingsView,
  SyncLogPage,
  SyncLogRecord,
  SyncRunView,
  TokenView,
  TravellerDetail,
  TravellerView,
  UpdateStatus,
} from './model'
import type { TeamConnectOutcome, TeamDeskStatus } from './team-link-model'
import { MAX_PASTE_TRANSPORT_CHARS, pasteTooBigMessage } from './intake/paste-text'
import { safeText, strictObject } from './input-rules'
import { ONBOARDING_STEPS } from './model'
import { SANDBOX_SWITCH_IDS } from './sandbox-switches'
import {
  signInBodySchema,
  teamRequestSchemas,
  type TeamPushPayloads,
  type TeamRequestOutputs,
} from './team-contract'
import { usersRequestSchemas, type UsersRequestOutputs } from './users-contract'

// Every object below is strict (unknown keys are refused with a did-you-mean) and every free-text
// field refuses control characters, bidi overrides and invisible-only text (`input-rules.ts`).
const id = safeText('The id', { min: 1, max: 200 })
const shortText = safeText('The search text', { max: 500 })
const idList = z.array(safeText('Each id in the list', { min: 1, max: 100 })).max(50)
const pastedText = z.string().max(MAX_PASTE_TRANSPORT_CHARS, {
  error: (issue) =>
    pasteTooBigMessage(typeof issue.input === 'string' ? issue.input.length : MAX_PASTE_TRANSPORT_CHARS),
})

/** Input schema of an editable entity. */
export const entityInputSchema = strictObject({
  name: safeText('The entity name', { min: 1, max: 200, requiredMessage: 'Enter a name for the entity' }),
  outtaskId: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'The Entity/Outtask ID is digits only, e.g. 110034'),
  companyUuid: z
    .string()
    .trim()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      'The company UUID must look like 8-4-4-4-12 hexadecimal digits, e.g. 79840cd9-5989-4675-a254-3cdd0deeb178',
    ),
  siteIds: idList,
  vendorSiteIds: idList,
  travelConfigIds: idList,
  facesCompanyId: safeText('The Faces company', {
    min: 1,
    max: 100,
    requiredMessage: 'Enter the Faces company this entity maps to',
  }),
})

const logQuerySchema = strictObject({
  entityId: id.optional(),
  direction: z.enum(['concur-to-faces', 'faces-to-concur']).optional(),
  outcome: z.enum(['success', 'skipped', 'warning', 'rejected', 'failed', 'cancelled', 'info']).optional(),
  kind: z.enum(['run-started', 'run-finished', 'traveller', 'token', 'credential', 'info']).optional(),
  text: shortText.optional(),
  runId: id.optional(),
  fromMs: z.number().int().nonnegative().optional(),
  toMs: z.number().int().nonnegative().optional(),
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
})

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM, e.g. 06:00')

/** How long the audit trail keeps records: whole days within these bounds (Settings → Users & audit). */
export const AUDIT_RETENTION_DAYS = { min: 30, max: 3650 } as const

/**
 * How long the sync log keeps records: whole days and a record count within these bounds (Settings →
 * Sync log; the form checks the same bounds before it saves).
 */
export const SYNC_LOG_RETENTION = {
  maxAgeDays: { min: 1, max: 3650 },
  maxRecords: { min: 10_000, max: 50_000_000 },
} as const

const { maxAgeDays: logDays, maxRecords: logRecords } = SYNC_LOG_RETENTION
const en = (n: number): string => n.toLocaleString('en-GB')

/** Input schema of a settings change (secrets excluded: they go through `settings:set-secret`). */
export const settingsPatchSchema = strictObject({
  environment: z.enum(['sandbox', 'production']),
  production: strictObject({
    concurTokenBaseUrl: z.string().url('Enter a full URL, e.g. https://glz.api.concursolutions.com'),
    concurClientId: safeText('The Concur client id', { max: 100 }),
    facesBaseUrl: z.string().url('Enter the Faces URL, e.g. https://faces.example.com').or(z.literal('')),
    facesUser: safeText('The Faces user', { max: 200 }),
  }).partial(),
  schedule: strictObject({
    cron: safeText('The schedule', { min: 9, max: 100 }),
    timeZone: safeText('The schedule time zone', { min: 1, max: 64 }),
  }).partial(),
  intakeWindow: strictObject({
    timeZone: safeText('The intake time zone', { min: 1, max: 64 }),
    opensAt: hhmm,
    softCloseAt: hhmm,
    hardCloseAt: hhmm,
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    closingSoonMinutes: z.number().int().min(1).max(240),
  }).partial(),
  requestTokenLifetimeHours: z.number().min(1, 'At least 1 hour').max(48, 'At most 48 hours'),
  loginIdChangePolicy: z.enum(['update-existing', 'flag-only']),
  exchangeLaterByDefault: z.boolean(),
  syncLogRetention: strictObject({
    maxAgeDays: z
      .number()
      .int()
      .min(logDays.min, `At least ${en(logDays.min)} day${logDays.min === 1 ? '' : 's'}`)
      .max(logDays.max, `At most ${en(logDays.max)} days`)
      .nullable(),
    maxRecords: z
      .number()
      .int()
      .min(logRecords.min, `At least ${en(logRecords.min)} records`)
      .max(logRecords.max, `At most ${en(logRecords.max)} records`)
      .nullable(),
  }),
  auditRetentionDays: z
    .number()
    .int()
    .min(AUDIT_RETENTION_DAYS.min, `At least ${AUDIT_RETENTION_DAYS.min} days`)
    .max(AUDIT_RETENTION_DAYS.max, `At most ${AUDIT_RETENTION_DAYS.max.toLocaleString('en-GB')} days`),
}).partial()

const httpsUrl = (label: string) =>
  z
    .string()
    .max(2000)
    .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', {
      message: `${label} must be an https:// address (a team desk serves HTTPS only)`,
    })

/** How the Electron app signs in to a team desk: a sign-in link, a user name + password, or a personal access token. */
const teamSignInSchema = z.discriminatedUnion('method', [
  strictObject({ method: z.literal('link'), link: httpsUrl('The sign-in link') }),
  // The same fields as the desk's own sign-in page (POST /auth/sign-in), plus the method.
  signInBodySchema.extend({ method: z.literal('password') }),
  strictObject({
    method: z.literal('token'),
    token: z.string().trim().min(8, 'Paste the whole access token').max(300),
  }),
])

/** Request schemas (inputs) for every channel. */
export const requestSchemas = {
  'app:info': strictObject({}),
  'entities:list': strictObject({ includeArchived: z.boolean().optional() }),
  'entities:get': strictObject({ entityId: id }),
  'entities:create': entityInputSchema,
  'entities:update': strictObject({ entityId: id, input: entityInputSchema }),
  'entities:archive': strictObject({ entityId: id, archived: z.boolean() }),
  'entities:import-csv': strictObject({ csv: z.string().max(5_000_000), dryRun: z.boolean().optional() }),
  'entities:mark-step': strictObject({ entityId: id, step: z.enum(ONBOARDING_STEPS), done: z.boolean() }),
  'entities:compose-case': strictObject({ entityId: id }),
  'entities:set-polling': strictObject({ entityId: id, active: z.boolean() }),
  'entities:ack-login-changes': strictObject({ entityId: id }),
  'tokens:preview': strictObject({ text: pastedText }),
  'tokens:submit': strictObject({
    text: pastedText,
    /** Which parsed blocks to take (by index); all valid ones when omitted. */
    blocks: z.array(z.number().int().nonnegative()).max(500).optional(),
    /** Create entities for unknown Outtask IDs (with placeholder names to edit later). */
    createUnknown: z.boolean().optional(),
    /** Exchange right away after intake. @default true */
    exchange: z.boolean().optional(),
  }),
  'tokens:list': strictObject({ includeFinished: z.boolean().optional() }),
  'tokens:exchange': strictObject({ tokenId: id }),
  'tokens:discard': strictObject({ tokenId: id }),
  'travellers:list': strictObject({ entityId: id }),
  'travellers:detail': strictObject({
    entityId: id,
    loginId: safeText('The login id', { min: 1, max: 200 }),
  }),
  'sync:run-entity': strictObject({ entityId: id, full: z.boolean().optional() }),
  'sync:run-traveller': strictObject({
    entityId: id,
    loginId: safeText('The login id', { min: 1, max: 200 }),
    direction: z.enum(['concur-to-faces', 'faces-to-concur']),
  }),
  'sync:cancel': strictObject({ runId: id }),
  'sync:runs': strictObject({ entityId: id.optional() }),
  'sync:run-history': strictObject({ entityId: id, limit: z.number().int().min(1).max(500).optional() }),
  'sync:poll-stats': strictObject({ entityId: id, sinceMs: z.number().int().nonnegative() }),
  'log:query': logQuerySchema,
  'log:export-csv': logQuerySchema.omit({ beforeSeq: true, limit: true }),
  'settings:get': strictObject({}),
  'settings:update': settingsPatchSchema,
  'settings:set-secret': strictObject({
    name: z.enum(['concur-client-secret', 'faces-api-key']),
    value: z.string().min(1).max(4096),
  }),
  'settings:test-connection': strictObject({}),
  'sandbox:issue-token': strictObject({ entityId: id }),
  'sandbox:new-customer-reply': strictObject({}),
  'sandbox:status': strictObject({}),
  'sandbox:set-switch': strictObject({
    switch: z.enum(SANDBOX_SWITCH_IDS),
    on: z.boolean(),
    /** The entity, for switches about one (a dead refresh token, a rotation, a login change). */
    entityId: id.optional(),
  }),
  'sandbox:reset': strictObject({}),
  'updates:status': strictObject({}),
  'updates:check': strictObject({}),
  'updates:install': strictObject({}),
  ...teamRequestSchemas,
  'team:status': strictObject({}),
  'team:connect': strictObject({ url: httpsUrl('The team desk address'), signIn: teamSignInSchema }),
  'team:confirm-certificate': strictObject({
    fingerprint256: z.string().regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'A SHA-256 fingerprint'),
  }),
  'team:disconnect': strictObject({}),
  ...usersRequestSchemas,
} satisfies Record<RequestChannel, z.ZodType>

/** The outputs of the team desk's channels (team-contract.ts, users-contract.ts). */
type TeamDeskOutputs = TeamRequestOutputs & UsersRequestOutputs

/** What each request resolves to (inside a Result). */
export type RequestOutputs = TeamDeskOutputs & {
  'app:info': AppInfo
  'entities:list': EntityView[]
  'entities:get': EntityView
  'entities:create': EntityView
  'entities:update': EntityView
  'entities:archive': EntityView
  'entities:import-csv': { rows: CsvImportRow[]; created: number; updated: number; rejected: number }
  'entities:mark-step': EntityView
  'entities:compose-case': { subject: string; body: string }
  'entities:set-polling': EntityView
  'entities:ack-login-changes': EntityView
  'tokens:preview': ParsedTokenBlock[]
  /** `skipped`: tokens the desk already had, or that the paste repeats (neutral: nothing to do). */
  'tokens:submit': {
    accepted: TokenView[]
    rejected: ParsedTokenBlock[]
    skipped: ParsedTokenBlock[]
    createdEntities: EntityView[]
  }
  'tokens:list': TokenView[]
  'tokens:exchange': TokenView
  'tokens:discard': TokenView
  'travellers:list': TravellerView[]
  'travellers:detail': TravellerDetail
  'sync:run-entity': SyncRunView
  'sync:run-traveller': SyncRunView
  'sync:cancel': SyncRunView
  'sync:runs': SyncRunView[]
  /** One row per run, newest first: finished runs from the sync log, live ones from the engine. */
  'sync:run-history': RunHistoryEntry[]
  'sync:poll-stats': PollStat[]
  'log:query': SyncLogPage
  'log:export-csv': { filename: string; csv: string; rows: number }
  'settings:get': SettingsView
  'settings:update': SettingsView
  'settings:set-secret': SettingsView
  /** Checks the saved production connection: Concur client id/secret at the token host, Faces URL/user/key. */
  'settings:test-connection': ConnectionReport
  /**
   * Sandbox only: the text Concur would send for this entity (a fresh demo request token inside),
   * when it reached the desk and when the token expires (the bad-day switches move both).
   */
  'sandbox:issue-token': { caseText: string; receivedAtMs: number; expiresAtMs: number }
  /**
   * Sandbox only: SAP's reply for a customer the desk does not know yet (the simulated Concur
   * creates the company with travellers): a valid token for an unknown Outtask ID.
   */
  'sandbox:new-customer-reply': { caseText: string; outtaskId: string; companyUuid: string }
  'sandbox:status': SandboxStatus
  /** Sandbox only: turns a bad-day switch on or off; answers with every switch. */
  'sandbox:set-switch': SandboxStatus
  /** Sandbox only: starts the Sandbox afresh (simulators, entities, tokens, switches). */
  'sandbox:reset': SandboxStatus
  'updates:status': UpdateStatus
  /** Resolves when the check (and a found update's download) has finished or failed. */
  'updates:check': UpdateStatus
  /** Refused while a sync runs; otherwise the desk stops in order and the installer takes over. */
  'updates:install': UpdateStatus
  /** Electron only: solo, or connected to a team desk (and as whom). */
  'team:status': TeamDeskStatus
  /** Electron only: probes the desk's certificate; pinned and unchanged → signs in and relays every call there. */
  'team:connect': TeamConnectOutcome
  /** Electron only: pins the certificate just shown (first connect or a re-pin) and signs in. */
  'team:confirm-certificate': TeamConnectOutcome
  /** Electron only: back to this computer's own desk. */
  'team:disconnect': TeamDeskStatus
}

/** The validated input type of a request. */
export type RequestInput<C extends RequestChannel> = z.infer<(typeof requestSchemas)[C]>

/** Push payloads. */
export type PushPayloads = TeamPushPayloads & {
  'entity:updated': EntityView
  'entity:removed': { entityId: string }
  'token:updated': TokenView
  'sync:run-updated': SyncRunView
  'log:appended': SyncLogRecord[]
  notify: DeskNotification
  'settings:changed': SettingsView
  'updates:changed': UpdateStatus
  'sandbox:changed': SandboxStatus
  'team:changed': TeamDeskStatus
}

/** A push message as transports carry it. */
export type PushMessage = { [P in PushChannel]: { channel: P; payload: PushPayloads[P] } }[PushChannel]
