/**
 * Entity facts in words for the entity and traveller screens: which Concur data centre an entity
 * lives in (never a bare URL, never a simulator's loopback address), and why it cannot sync now.
 */
import type { EntityView } from '../../../../shared/model'

const KNOWN_HOSTS: Record<string, string> = {
  'us.api.concursolutions.com': 'US',
  'us2.api.concursolutions.com': 'US 2',
  'emea.api.concursolutions.com': 'EMEA',
  'eu2.api.concursolutions.com': 'EU 2',
  'cn.api.concurcdc.cn': 'China',
}

/** Upper-case data-centre names as the Sandbox calls them: `us2` → `US 2`. */
function spaced(name: string): string {
  const i = name.search(/\d/)
  const letters = (i < 0 ? name : name.slice(0, i)).toUpperCase()
  return i < 0 ? letters : `${letters} ${name.slice(i)}`
}

/**
 * "Concur data centre US 2" for a geolocation URL. `sandboxCentres` (name → URL, from
 * sandbox:status) names the simulated ones; any other host is named by its host name only.
 */
export function dataCentreWords(geolocation: string, sandboxCentres: Record<string, string> = {}): string {
  let host: string
  let origin: string
  try {
    const u = new URL(geolocation)
    host = u.hostname.toLowerCase()
    origin = u.origin.toLowerCase()
  } catch {
    return 'Concur data centre (unreadable address)'
  }
  for (const [name, url] of Object.entries(sandboxCentres)) {
    try {
      if (new URL(url).origin.toLowerCase() === origin)
        return `Sandbox data centre ${spaced(name)} (simulated)`
    } catch {
      // An unreadable Sandbox URL names nothing.
    }
  }
  if (host === '127.0.0.1' || host === 'localhost') return 'Sandbox data centre (simulated)'
  const known = KNOWN_HOSTS[host]
  return known ? `Concur data centre ${known}` : `Concur data centre ${host}`
}

/** Why the entity cannot run a sync now, or null when it can. */
export function cannotSyncReason(e: EntityView): string | null {
  if (e.archived) return 'Archived entities do not sync: restore it first.'
  const c = e.credential
  switch (c.state) {
    case 'refresh-token':
      return null
    case 'none':
      return 'Needs a refresh token first: compose the case and paste the request token SAP Concur sends.'
    case 'request-token':
      return c.token.state === 'failed' || c.token.state === 'expired'
        ? 'The request token cannot be used: a new one is needed before the entity can sync.'
        : 'Exchange the request token first (Today or Paste tokens); syncing needs the refresh token.'
    case 'refresh-token-invalid':
      return 'The refresh token stopped working: paste a new request token from the client.'
  }
}

/** A request token's state in words (never the raw state name). */
export const TOKEN_STATE_WORDS: Record<
  Extract<EntityView['credential'], { state: 'request-token' }>['token']['state'],
  string
> = {
  pending: 'waiting to be exchanged',
  exchanging: 'being exchanged now',
  exchanged: 'exchanged',
  failed: 'rejected by Concur',
  expired: 'expired unused',
}
