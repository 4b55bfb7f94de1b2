/**
 * The Faces simulator's company Concur links (docs/faces-api.md): a partial update (`PATCH`) that
 * changes only the fields sent, a refresh token that always travels with its generation, and a
 * refusal (409) of a generation older than the one held, so a late retry can never overwrite a
 * newer token. Every change is kept in a per-company history a test can read (was the interface
 * ever switched off?).
 */
import { SimHttpError } from './faces-sim-http-error'

/** A company's Concur link as the simulator holds it. */
export type SimConcurLink = {
  refreshToken: string
  /** Null when an older desk set the token without a generation. */
  refreshTokenGeneration: number | null
  travelConfigIds: string[]
  geolocation: string
  interfaceActive: boolean
  pollingActive: boolean
  updatedAtMs: number
}

/** One change of a link, for tests (no secret: the token is only fingerprinted by generation). */
export type SimLinkChange = {
  atMs: number
  generation: number | null
  interfaceActive: boolean
  pollingActive: boolean
  fields: string[]
}

const FIELDS = [
  'refreshToken',
  'refreshTokenGeneration',
  'travelConfigIds',
  'geolocation',
  'interfaceActive',
  'pollingActive',
] as const

/**
 * Applies a PATCH body to a link (or creates one); returns the new link. Throws SimHttpError 400 for
 * a malformed body, 409 `stale-generation` / `generation-conflict` for an older or clashing token.
 */
export function patchConcurLink(current: SimConcurLink | null, body: unknown, nowMs: number): SimConcurLink {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new SimHttpError(
      400,
      'invalid-request',
      'A Concur link update is a JSON object of the fields to change.',
    )
  const b = body as Record<string, unknown>
  const unknown = Object.keys(b).filter((k) => !(FIELDS as readonly string[]).includes(k))
  if (unknown.length > 0)
    throw new SimHttpError(400, 'invalid-request', `Unknown Concur link field(s): ${unknown.join(', ')}.`)
  const token = b['refreshToken']
  const generation = b['refreshTokenGeneration']
  if ((token === undefined) !== (generation === undefined))
    throw new SimHttpError(400, 'invalid-request', 'refreshToken and refreshTokenGeneration go together.')
  if (token !== undefined && (typeof token !== 'string' || token === ''))
    throw new SimHttpError(400, 'invalid-request', 'refreshToken must be a non-empty string.')
  if (
    generation !== undefined &&
    (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 1)
  )
    throw new SimHttpError(400, 'invalid-request', 'refreshTokenGeneration must be a positive whole number.')
  const ids = b['travelConfigIds']
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')))
    throw new SimHttpError(400, 'invalid-request', 'travelConfigIds must be a list of strings.')
  const geolocation = b['geolocation']
  if (geolocation !== undefined && typeof geolocation !== 'string')
    throw new SimHttpError(400, 'invalid-request', 'geolocation must be a string.')
  for (const flag of ['interfaceActive', 'pollingActive'])
    if (b[flag] !== undefined && typeof b[flag] !== 'boolean')
      throw new SimHttpError(400, 'invalid-request', `${flag} must be true or false.`)

  if (!current) {
    if (typeof token !== 'string' || !Array.isArray(ids) || typeof geolocation !== 'string')
      throw new SimHttpError(
        400,
        'link-missing',
        'This company has no Concur link yet: the first update needs refreshToken, refreshTokenGeneration, travelConfigIds and geolocation.',
      )
  }
  const next: SimConcurLink = current
    ? { ...current, travelConfigIds: [...current.travelConfigIds] }
    : {
        refreshToken: '',
        refreshTokenGeneration: null,
        travelConfigIds: [],
        geolocation: '',
        interfaceActive: false,
        pollingActive: false,
        updatedAtMs: nowMs,
      }
  if (typeof token === 'string' && typeof generation === 'number') {
    const held = current?.refreshTokenGeneration ?? null
    if (held !== null && generation < held)
      throw new SimHttpError(
        409,
        'stale-generation',
        `Faces holds generation ${held}; generation ${generation} is older.`,
        {
          heldGeneration: held,
        },
      )
    if (held !== null && generation === held && token !== current?.refreshToken)
      throw new SimHttpError(
        409,
        'generation-conflict',
        `Faces already holds a different refresh token as generation ${held}.`,
        { heldGeneration: held },
      )
    next.refreshToken = token
    next.refreshTokenGeneration = generation
  }
  if (Array.isArray(ids)) next.travelConfigIds = ids.map(String)
  if (typeof geolocation === 'string') next.geolocation = geolocation
  if (typeof b['interfaceActive'] === 'boolean') next.interfaceActive = b['interfaceActive']
  if (typeof b['pollingActive'] === 'boolean') next.pollingActive = b['pollingActive']
  next.updatedAtMs = nowMs
  return next
}

/** The link as Faces returns it: the refresh token is write-only. */
export function publicLink(link: SimConcurLink | null): unknown {
  if (!link) return null
  const { refreshToken, ...rest } = link
  return { ...rest, hasRefreshToken: refreshToken.length > 0 }
}

/** The history line of a change. */
export function linkChange(link: SimConcurLink, body: Record<string, unknown>): SimLinkChange {
  return {
    atMs: link.updatedAtMs,
    generation: link.refreshTokenGeneration,
    interfaceActive: link.interfaceActive,
    pollingActive: link.pollingActive,
    fields: Object.keys(body).filter((k) => k !== 'refreshToken'),
  }
}
