import { z } from 'zod'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  defaultIntakeWindow,
} from '../../../shared/intake/intake-defaults'

const problemSchema = z.object({
  kind: z.string(),
  message: z.string(),
  correlationId: z.string().optional(),
})

/**
 * What Faces last acknowledged for an entity's Concur link: the refresh-token generation, the
 * company it went to, and the geolocation and Travel Config IDs it holds. The write-through sends
 * only what differs from this, so a renewal never touches the interface and polling flags.
 */
export const facesAckSchema = z.object({
  companyId: z.string().nullable(),
  generation: z.number().int().nullable(),
  geolocation: z.string().nullable(),
  travelConfigIds: z.array(z.string()).nullable(),
  ackedAtMs: z.number().nullable(),
})
export type FacesAck = z.infer<typeof facesAckSchema>

/**
 * Per-entity credential metadata (the store's credential_meta rows); the refresh token itself lives in the keychain
 * only (with its generation, so token and generation are written in one step). Fields added by
 * the credential owner have defaults, so metadata written by an older desk still loads.
 */
export const credentialMetaSchema = z.object({
  geolocation: z.string(),
  refreshExpiresAtMs: z.number().nullable(),
  /** When the current refresh token was stored. */
  sinceMs: z.number(),
  exchangedFromTokenId: z.string().nullable(),
  /** When Faces first acknowledged the credential of the current exchange. */
  handedToFacesAtMs: z.number().nullable(),
  /** Generation of the stored refresh token: +1 on every exchange and every rotation. */
  generation: z.number().int().positive().default(1),
  /** When the current exchange happened (the credential's issue time). */
  issuedAtMs: z.number().nullable().default(null),
  /** What Faces acknowledged; generation null = Faces has not confirmed any (older desks). */
  faces: facesAckSchema.default({
    companyId: null,
    generation: null,
    geolocation: null,
    travelConfigIds: null,
    ackedAtMs: null,
  }),
  /** Switch the interface and polling on with the next write-through (first activation). */
  activationPending: z.boolean().default(false),
  /** Since when Faces holds an older link than the desk (null when in step). */
  pendingSinceMs: z.number().nullable().default(null),
  /** Why the last write-through failed. */
  pendingProblem: problemSchema.nullable().default(null),
  /** That failure needs a person (no Faces company, a newer generation in Faces): no instance retries it by itself. */
  pendingNeedsPerson: z.boolean().default(false),
  /** When the "Faces holds an older refresh token" notification went out for this pending spell. */
  pendingNotifiedAtMs: z.number().nullable().default(null),
  /** Set when Concur declared the refresh token dead (re-checked): a new request token is needed. */
  dead: z
    .object({ sinceMs: z.number(), reason: z.enum(['invalid', 'expired']), problem: problemSchema })
    .nullable()
    .default(null),
})
export type CredentialMeta = z.infer<typeof credentialMetaSchema>

/** The persisted settings document (one schema for electron-store and conf). */
export const deskSettingsSchema = z.object({
  environment: z.enum(['sandbox', 'production']),
  production: z.object({
    concurTokenBaseUrl: z.string(),
    concurClientId: z.string(),
    facesBaseUrl: z.string(),
    facesUser: z.string(),
  }),
  schedule: z.object({ cron: z.string(), timeZone: z.string() }),
  intakeWindow: z.object({
    timeZone: z.string(),
    opensAt: z.string(),
    softCloseAt: z.string(),
    hardCloseAt: z.string(),
    weekdays: z.array(z.number().int().min(1).max(7)),
    closingSoonMinutes: z.number().int(),
  }),
  requestTokenLifetimeHours: z.number(),
  loginIdChangePolicy: z.enum(['update-existing', 'flag-only']),
  /** The paste screen's default: keep submitted tokens pending (exchange later) instead of exchanging at once. */
  exchangeLaterByDefault: z.boolean().default(false),
  /** How long the sync log keeps records; null switches a limit off. */
  syncLogRetention: z.object({ maxAgeDays: z.number().nullable(), maxRecords: z.number().nullable() }),
  /** How many days the team desk's audit trail keeps records (core/team/audit-retention.ts). */
  auditRetentionDays: z.number().int().default(400),
  /**
   * Where desks before the database kept credential metadata, keyed by `${environment}:${entityId}`.
   * Imported into the environment's store once at its first start and then emptied here.
   */
  credentialMeta: z.record(z.string(), credentialMetaSchema),
})
export type DeskSettings = z.infer<typeof deskSettingsSchema>

/** Production Concur token host named by Concur's current reference (GLZ). */
export const DEFAULT_CONCUR_TOKEN_BASE_URL = 'https://glz.api.concursolutions.com'

/** Defaults on first run: the built-in Sandbox, the desk's intake window and poll schedule. */
export function defaultDeskSettings(): DeskSettings {
  return {
    environment: 'sandbox',
    production: {
      concurTokenBaseUrl: DEFAULT_CONCUR_TOKEN_BASE_URL,
      concurClientId: '',
      facesBaseUrl: '',
      facesUser: '',
    },
    schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    intakeWindow: defaultIntakeWindow(),
    requestTokenLifetimeHours: DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
    loginIdChangePolicy: 'update-existing',
    exchangeLaterByDefault: false,
    syncLogRetention: { maxAgeDays: 90, maxRecords: 2_000_000 },
    auditRetentionDays: 400,
    credentialMeta: {},
  }
}

/**
 * JSON Schema of the settings document, handed to electron-store / conf. Lenient on purpose: no
 * `required` lists and no `additionalProperties: false`, so a file written by an older or newer
 * version still opens; `mergeWithDefaults` then fills missing keys and the zod schema checks types.
 */
export function deskSettingsJsonSchema(): Record<string, unknown> {
  return loosen(z.toJSONSchema(deskSettingsSchema)) as Record<string, unknown>
}

function loosen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(loosen)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'required' || k === 'additionalProperties' || k === '$schema') continue
    out[k] = loosen(v)
  }
  return out
}
