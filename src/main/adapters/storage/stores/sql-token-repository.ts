/** Request-token metadata as rows of `request_tokens` (TokenRepository port). */
import type { Kysely } from 'kysely'
import type { TokenRecord } from '../../../core/tokens/token-record'
import type { TokenRepository } from '../../../core/tokens/token-repository'
import type { DeskSchema, RequestTokensTable } from '../db/desk-schema'
import { fromJson, toJson } from './row-codec'

/** The row of a token's metadata. */
export function tokenRow(t: TokenRecord): RequestTokensTable {
  return {
    id: t.id,
    entity_id: t.entityId,
    outtask_id: t.outtaskId,
    company_uuid: t.companyUuid,
    token_hash: t.tokenHash,
    token_preview: t.tokenPreview,
    received_at_ms: t.receivedAtMs,
    expires_at_ms: t.expiresAtMs,
    state: t.state,
    problem: toJson(t.problem),
    exchanged_at_ms: t.exchangedAtMs,
    hand_off: toJson(t.handOff),
    discarded_at_ms: t.discardedAtMs,
  }
}

/** The token metadata of a row. */
export function tokenOf(r: RequestTokensTable): TokenRecord {
  return {
    id: r.id,
    entityId: r.entity_id,
    outtaskId: r.outtask_id,
    companyUuid: r.company_uuid,
    tokenHash: r.token_hash,
    tokenPreview: r.token_preview,
    receivedAtMs: r.received_at_ms,
    expiresAtMs: r.expires_at_ms,
    state: r.state as TokenRecord['state'],
    problem: fromJson(r.problem, null),
    exchangedAtMs: r.exchanged_at_ms,
    handOff: fromJson(r.hand_off, null),
    discardedAtMs: r.discarded_at_ms,
  }
}

/** Creates the repository over `db`. */
export function createSqlTokenRepository(db: Kysely<DeskSchema>): TokenRepository {
  return {
    async loadAll() {
      const rows = await db.selectFrom('request_tokens').selectAll().orderBy('received_at_ms').execute()
      return rows.map(tokenOf)
    },
    async save(records) {
      await db.transaction().execute(async (trx) => {
        for (const t of records) {
          const row = tokenRow(t)
          await trx
            .insertInto('request_tokens')
            .values(row)
            .onConflict((oc) => oc.column('id').doUpdateSet(row))
            .execute()
        }
      })
    },
  }
}
