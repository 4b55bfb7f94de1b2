/**
 * The words of a recovery: which file, what the desk did with it, and what that means for staff
 * ("entities are intact; sync memory of 3 entities was reset, their next poll is a full resync").
 */
import type { DeskNotice } from '../../../../shared/model'
import type { SalvageReport } from './salvage'
import type { StoreDamage } from './store-damage'

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** What a salvage means, in sentences. */
export function salvageSentences(r: SalvageReport, resetSyncEntities: number): string[] {
  const out: string[] = []
  const nothing = Object.values(r).every((t) => t.copied === 0 && !t.complete)
  if (nothing)
    return [
      'Nothing could be read from it, so the desk starts with an empty store: add the entities again (Entities → Import CSV), then paste new request tokens where the credentials are gone.',
    ]
  out.push(
    r.entities.complete
      ? `Entities are intact (${plural(r.entities.copied, 'entity', 'entities')}).`
      : `${plural(r.entities.copied, 'entity', 'entities')} could be recovered; the rest could not be read: add them again.`,
  )
  if (!r.request_tokens.complete)
    out.push('Some request tokens waiting for exchange were lost: paste them again.')
  if (!r.credential_meta.complete)
    out.push(
      'Some credential details were lost; the refresh tokens stay in the keychain and are re-read at the next use.',
    )
  if (resetSyncEntities > 0)
    out.push(
      `Sync memory of ${plural(resetSyncEntities, 'entity', 'entities')} was reset: their next poll is a full resync (nothing is duplicated, it only takes longer).`,
    )
  if (!r.outbox_items.complete || !r.desk_state.complete)
    out.push('The Faces change feed is read again from its start, so no Faces change is missed.')
  if (!r.sync_log.complete)
    out.push(
      `${plural(r.sync_log.copied, 'sync-log record')} were recovered; the rest remain readable only in the kept file.`,
    )
  return out
}

/** The notice for a store that was moved aside and rebuilt. */
export function damageNotice(
  damage: StoreDamage,
  store: string,
  keptAs: string,
  sentences: string[],
  atMs: number,
): DeskNotice {
  const newer = damage.kind === 'newer-schema'
  return {
    id: `store-recovered-${atMs}`,
    level: newer ? 'warning' : 'error',
    title: newer ? 'The desk’s database was written by a newer desk' : 'The desk’s database was damaged',
    body: `${store} could not be used: ${damage.message}. It was kept as ${keptAs} (nothing was deleted) and a fresh database was made from what could be read. ${sentences.join(' ')}`,
    file: store,
    atMs,
  }
}

/** The notice for damage the integrity check after the start found (the store is still in use). */
export function backgroundDamageNotice(file: string, verdict: string, atMs: number): DeskNotice {
  return {
    id: `store-check-failed-${atMs}`,
    level: 'error',
    title: 'The desk’s database has damaged pages',
    body: `The integrity check of ${file} found damage (${verdict.split('\n')[0]}). The desk goes on with what it can read. Restart the desk soon: at the next start it keeps the file aside (nothing is deleted), makes a fresh database from what can be read and says what that means.`,
    file,
    atMs,
  }
}
