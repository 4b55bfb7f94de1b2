/**
 * The one typed contract between the UI and the main process: every request with its input
 * schema and output type, every push with its payload type. Both transports (Electron IPC and
 * service-mode HTTP) validate inputs with these schemas; no handler knows which transport called.
 */
import { z } from 'zod'
import type { PushChannel, RequestChannel } from './channels'
import type {
  AppInfo,
  CsvImportRow,
  DeskNotification,
  EntityView,
  ParsedTokenBlock,
  PollStat,
  SandboxStatus,
  SettingsView,
  SyncLogPage,
  SyncLogRecord,
  SyncRunView,
  TokenView,
  TravellerView,
  UpdateStatus,
} from './model'
import { ONBOARDING_STEPS } from './model'

const id = z.string().min(1).max(200)
const shortText = z.string().max(500)
const idList = z.array(z.string().trim().min(1).max(100)).max(50)

/** Input schema of an editable entity. */
export const entityInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the entity').max(200),
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
  facesCompanyId: z.string().trim().min(1, 'Enter the Faces company this entity maps to').max(100),
})

const logQuerySchema = z.object({
  entityId: id.optional(),
  direction: z.enum(['concur-to-faces', 'faces-to-concur']).optional(),
  outcome: z.enum(['success', 'skipped', 'warning', 'failed', 'cancelled', 'info']).optional(),
  text: shortText.optional(),
  fromMs: z.number().int().nonnegative().optional(),
  toMs: z.number().int().nonnegative().optional(),
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
})

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM, e.g. 06:00')

/** Input schema of a settings change (secrets excluded: they go through `settings:set-secret`). */
export const settingsPatchSchema = z
  .object({
    environment: z.enum(['sandbox', 'production']),
    production: z
      .object({
        concurTokenBaseUrl: z.string().url('Enter a full URL, e.g. https://glz.api.concursolutions.com'),
        concurClientId: z.string().trim().max(100),
        facesBaseUrl: z.string().url('Enter the Faces URL, e.g. https://faces.example.com').or(z.literal('')),
        facesUser: z.string().trim().max(200),
      })
      .partial(),
    schedule: z
      .object({ cron: z.string().trim().min(9).max(100), timeZone: z.string().min(1).max(64) })
      .partial(),
    intakeWindow: z
      .object({
        timeZone: z.string().min(1).max(64),
        opensAt: hhmm,
        softCloseAt: hhmm,
        hardCloseAt: hhmm,
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        closingSoonMinutes: z.number().int().min(1).max(240),
      })
      .partial(),
    requestTokenLifetimeHours: z.number().min(1, 'At least 1 hour').max(48, 'At most 48 hours'),
    loginIdChangePolicy: z.enum(['update-existing', 'flag-only']),
  })
  .partial()

/** Request schemas (inputs) for every channel. */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'entities:list': z.object({ includeArchived: z.boolean().optional() }).strict(),
  'entities:get': z.object({ entityId: id }).strict(),
  'entities:create': entityInputSchema,
  'entities:update': z.object({ entityId: id, input: entityInputSchema }).strict(),
  'entities:archive': z.object({ entityId: id, archived: z.boolean() }).strict(),
  'entities:import-csv': z
    .object({ csv: z.string().max(5_000_000), dryRun: z.boolean().optional() })
    .strict(),
  'entities:mark-step': z
    .object({ entityId: id, step: z.enum(ONBOARDING_STEPS), done: z.boolean() })
    .strict(),
  'entities:compose-case': z.object({ entityId: id }).strict(),
  'entities:set-polling': z.object({ entityId: id, active: z.boolean() }).strict(),
  'entities:ack-login-changes': z.object({ entityId: id }).strict(),
  'tokens:preview': z.object({ text: z.string().max(200_000) }).strict(),
  'tokens:submit': z
    .object({
      text: z.string().max(200_000),
      /** Which parsed blocks to take (by index); all valid ones when omitted. */
      blocks: z.array(z.number().int().nonnegative()).max(500).optional(),
      /** Create entities for unknown Outtask IDs (with placeholder names to edit later). */
      createUnknown: z.boolean().optional(),
      /** Exchange right away after intake. @default true */
      exchange: z.boolean().optional(),
    })
    .strict(),
  'tokens:list': z.object({ includeFinished: z.boolean().optional() }).strict(),
  'tokens:exchange': z.object({ tokenId: id }).strict(),
  'tokens:discard': z.object({ tokenId: id }).strict(),
  'travellers:list': z.object({ entityId: id }).strict(),
  'sync:run-entity': z.object({ entityId: id, full: z.boolean().optional() }).strict(),
  'sync:run-traveller': z
    .object({
      entityId: id,
      loginId: z.string().min(1).max(200),
      direction: z.enum(['concur-to-faces', 'faces-to-concur']),
    })
    .strict(),
  'sync:cancel': z.object({ runId: id }).strict(),
  'sync:runs': z.object({ entityId: id.optional() }).strict(),
  'sync:poll-stats': z.object({ entityId: id, sinceMs: z.number().int().nonnegative() }).strict(),
  'log:query': logQuerySchema.strict(),
  'log:export-csv': logQuerySchema.omit({ beforeSeq: true, limit: true }).strict(),
  'settings:get': z.object({}).strict(),
  'settings:update': settingsPatchSchema,
  'settings:set-secret': z
    .object({ name: z.enum(['concur-client-secret', 'faces-api-key']), value: z.string().min(1).max(4096) })
    .strict(),
  'sandbox:issue-token': z.object({ entityId: id }).strict(),
  'sandbox:status': z.object({}).strict(),
  'updates:status': z.object({}).strict(),
  'updates:check': z.object({}).strict(),
  'updates:install': z.object({}).strict(),
} satisfies Record<RequestChannel, z.ZodType>

/** What each request resolves to (inside a Result). */
export type RequestOutputs = {
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
  'tokens:submit': { accepted: TokenView[]; rejected: ParsedTokenBlock[]; createdEntities: EntityView[] }
  'tokens:list': TokenView[]
  'tokens:exchange': TokenView
  'tokens:discard': TokenView
  'travellers:list': TravellerView[]
  'sync:run-entity': SyncRunView
  'sync:run-traveller': SyncRunView
  'sync:cancel': SyncRunView
  'sync:runs': SyncRunView[]
  'sync:poll-stats': PollStat[]
  'log:query': SyncLogPage
  'log:export-csv': { filename: string; csv: string; rows: number }
  'settings:get': SettingsView
  'settings:update': SettingsView
  'settings:set-secret': SettingsView
  /** Sandbox only: the text Concur would send for this entity (a fresh demo request token inside). */
  'sandbox:issue-token': { caseText: string }
  'sandbox:status': SandboxStatus
  'updates:status': UpdateStatus
  /** Resolves when the check (and a found update's download) has finished or failed. */
  'updates:check': UpdateStatus
  /** Refused while a sync runs; otherwise the desk stops in order and the installer takes over. */
  'updates:install': UpdateStatus
}

/** The validated input type of a request. */
export type RequestInput<C extends RequestChannel> = z.infer<(typeof requestSchemas)[C]>

/** Push payloads. */
export type PushPayloads = {
  'entity:updated': EntityView
  'entity:removed': { entityId: string }
  'token:updated': TokenView
  'sync:run-updated': SyncRunView
  'log:appended': SyncLogRecord[]
  notify: DeskNotification
  'settings:changed': SettingsView
  'updates:changed': UpdateStatus
}

/** A push message as transports carry it. */
export type PushMessage = { [P in PushChannel]: { channel: P; payload: PushPayloads[P] } }[PushChannel]
