/** Pure search, filter and sort of the entity table (kept out of the component so it is tested directly). */
import type { EntityStage, EntityView } from '../../../../shared/model'
import type { Route } from '../app/nav-store'

/** Credential filter values: the credential state, or "in error" across all kinds of failure. */
export type CredentialFilter =
  'any' | 'none' | 'request-token' | 'refresh-token' | 'refresh-token-invalid' | 'in-error'
/** Sortable columns. */
export type EntitySortKey = 'name' | 'outtaskId' | 'stage' | 'credential' | 'lastPoll' | 'nextPoll'

/** The table's search/filter/sort state. */
export type EntityListQuery = {
  text: string
  stage: EntityStage | 'any'
  credential: CredentialFilter
  sortKey: EntitySortKey
  isDescending: boolean
  /** Archived entities are hidden unless asked for. */
  showArchived: boolean
}

/** The table's starting query. */
export const DEFAULT_ENTITY_QUERY: EntityListQuery = {
  text: '',
  stage: 'any',
  credential: 'any',
  sortKey: 'name',
  isDescending: false,
  showArchived: false,
}

/** Human names of the onboarding stages. */
export const STAGE_LABELS: Record<EntityStage, string> = {
  'not-started': 'Not started',
  'approval-obtained': 'Approval obtained',
  'case-opened': 'Case opened',
  'request-token-received': 'Request token received',
  exchanged: 'Exchanged',
  'refresh-token-set-in-faces': 'Refresh token set in Faces',
  'interface-and-polling-active': 'Polling active',
  'credential-dead': 'Credential dead: request a new token',
}

const STAGE_ORDER: EntityStage[] = [
  'credential-dead',
  'not-started',
  'approval-obtained',
  'case-opened',
  'request-token-received',
  'exchanged',
  'refresh-token-set-in-faces',
  'interface-and-polling-active',
]

/**
 * True when the entity needs attention: failing polls, a poll that left travellers behind (they
 * did not reach Faces or Concur), or an unusable credential.
 */
export function isEntityInError(e: EntityView): boolean {
  return (
    e.credential.state === 'refresh-token-invalid' ||
    e.polling.consecutiveFailures > 0 ||
    e.polling.lastPoll?.outcome === 'failed' ||
    e.polling.lastPoll?.outcome === 'partial' ||
    (e.credential.state === 'request-token' && e.credential.token.state === 'failed')
  )
}

/**
 * Where the "N entities in error" chip leads: the entity itself when there is exactly one, the
 * list filtered to entities in error when there are more, the plain list when there are none.
 */
export function errorChipRoute(inErrorIds: readonly string[]): Route {
  if (inErrorIds.length === 1) return { screen: 'entity', entityId: inErrorIds[0]! }
  return inErrorIds.length > 1 ? { screen: 'entities', credential: 'in-error' } : { screen: 'entities' }
}

/** Why "Sync now" cannot run for an entity; null when it can. */
export function syncBlocker(e: EntityView): string | null {
  switch (e.credential.state) {
    case 'refresh-token':
      return e.archived ? 'Archived: restore it to sync.' : null
    case 'none':
      return 'No refresh token yet: paste and exchange a request token first.'
    case 'request-token':
      return 'The request token is not exchanged yet: exchange it first (Today).'
    case 'refresh-token-invalid':
      return 'The credential is dead: a new request token is needed before it can sync.'
  }
}

function credentialRank(e: EntityView): number {
  const c = e.credential
  if (c.state === 'request-token') return c.token.expiresAtMs
  if (c.state === 'refresh-token') return 1e15 + (c.refreshExpiresAtMs ?? 0)
  if (c.state === 'refresh-token-invalid') return -1
  return 2e15
}

function sortValue(e: EntityView, key: EntitySortKey): string | number {
  switch (key) {
    case 'name':
      return e.name.toLowerCase()
    case 'outtaskId':
      return Number(e.outtaskId)
    case 'stage':
      return STAGE_ORDER.indexOf(e.stage)
    case 'credential':
      return credentialRank(e)
    case 'lastPoll':
      return e.polling.lastPoll?.atMs ?? 0
    case 'nextPoll':
      return e.polling.nextPollAtMs ?? Number.MAX_SAFE_INTEGER
  }
}

/** The entities to show, in order. */
export function selectEntities(all: readonly EntityView[], q: EntityListQuery): EntityView[] {
  const needle = q.text.trim().toLowerCase()
  const rows = all.filter((e) => {
    if (e.archived && !q.showArchived) return false
    if (
      needle &&
      !e.name.toLowerCase().includes(needle) &&
      !e.outtaskId.includes(needle) &&
      !e.companyUuid.includes(needle)
    )
      return false
    if (q.stage !== 'any' && e.stage !== q.stage) return false
    if (q.credential === 'in-error') return isEntityInError(e)
    if (q.credential !== 'any' && e.credential.state !== q.credential) return false
    return true
  })
  const dir = q.isDescending ? -1 : 1
  return rows.sort((a, b) => {
    const va = sortValue(a, q.sortKey)
    const vb = sortValue(b, q.sortKey)
    if (va < vb) return -dir
    if (va > vb) return dir
    return a.name.localeCompare(b.name)
  })
}
