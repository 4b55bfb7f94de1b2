import { z } from 'zod'
import {
  DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS,
  defaultIntakeWindow,
} from '../../../shared/intake/intake-defaults'

/** Per-entity credential metadata kept in settings; the refresh token itself lives in the keychain only. */
export const credentialMetaSchema = z.object({
  geolocation: z.string(),
  refreshExpiresAtMs: z.number().nullable(),
  sinceMs: z.number(),
  exchangedFromTokenId: z.string().nullable(),
  handedToFacesAtMs: z.number().nullable(),
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
  /** Keyed by `${environment}:${entityId}`. */
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
