/** Credential metadata as rows of `credential_meta` (CredentialMetaStore port); never a secret. */
import type { Kysely } from 'kysely'
import { credentialMetaSchema } from '../../../core/settings/desk-settings'
import type { CredentialMetaStore } from '../../../core/tokens/credential-repository'
import type { DeskSchema } from '../db/desk-schema'

/** Creates the store over `db`; `nowMs` stamps each write. */
export function createSqlCredentialMetaStore(
  db: Kysely<DeskSchema>,
  nowMs: () => number,
): CredentialMetaStore {
  return {
    async load(entityId) {
      const row = await db
        .selectFrom('credential_meta')
        .select('meta')
        .where('entity_id', '=', entityId)
        .executeTakeFirst()
      return row ? credentialMetaSchema.parse(JSON.parse(row.meta)) : null
    },
    async save(entityId, meta) {
      const row = {
        entity_id: entityId,
        generation: meta.generation,
        meta: JSON.stringify(meta),
        updated_at_ms: nowMs(),
      }
      await db
        .insertInto('credential_meta')
        .values(row)
        .onConflict((oc) => oc.column('entity_id').doUpdateSet(row))
        .execute()
    },
    async list() {
      const rows = await db.selectFrom('credential_meta').select(['entity_id', 'meta']).execute()
      return rows.map((r) => ({
        entityId: r.entity_id,
        meta: credentialMetaSchema.parse(JSON.parse(r.meta)),
      }))
    },
  }
}
