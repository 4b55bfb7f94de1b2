/** Entities as rows of `entities` (EntityRepository port). */
import type { Kysely } from 'kysely'
import type { EntityRepository } from '../../../core/entities/entity-repository'
import type { EntityRecord } from '../../../core/entities/entity-record'
import type { DeskSchema, EntitiesTable } from '../db/desk-schema'
import { bit, fromJson } from './row-codec'

/** The row of an entity. */
export function entityRow(e: EntityRecord): EntitiesTable {
  return {
    id: e.id,
    name: e.name,
    outtask_id: e.outtaskId,
    company_uuid: e.companyUuid,
    site_ids: JSON.stringify(e.siteIds),
    vendor_site_ids: JSON.stringify(e.vendorSiteIds),
    travel_config_ids: JSON.stringify(e.travelConfigIds),
    faces_company_id: e.facesCompanyId,
    geolocation: e.geolocation,
    archived: bit(e.archived),
    created_at_ms: e.createdAtMs,
    updated_at_ms: e.updatedAtMs,
    checklist: JSON.stringify(e.checklist),
    polling_active: bit(e.pollingActive),
    login_id_changes_acked: e.loginIdChangesAcked,
  }
}

/** The entity of a row. */
export function entityOf(r: EntitiesTable): EntityRecord {
  return {
    id: r.id,
    name: r.name,
    outtaskId: r.outtask_id,
    companyUuid: r.company_uuid,
    siteIds: fromJson(r.site_ids, []),
    vendorSiteIds: fromJson(r.vendor_site_ids, []),
    travelConfigIds: fromJson(r.travel_config_ids, []),
    facesCompanyId: r.faces_company_id,
    geolocation: r.geolocation,
    archived: r.archived === 1,
    createdAtMs: r.created_at_ms,
    updatedAtMs: r.updated_at_ms,
    checklist: fromJson(r.checklist, {} as EntityRecord['checklist']),
    pollingActive: r.polling_active === 1,
    loginIdChangesAcked: r.login_id_changes_acked,
  }
}

/** Creates the repository over `db`. */
export function createSqlEntityRepository(db: Kysely<DeskSchema>): EntityRepository {
  return {
    async loadAll() {
      const rows = await db.selectFrom('entities').selectAll().orderBy('created_at_ms').execute()
      return rows.map(entityOf)
    },
    async save(record) {
      const row = entityRow(record)
      await db
        .insertInto('entities')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute()
    },
  }
}
