/**
 * Imports many entities from a CSV export (papaparse), with a per-row report of what was created,
 * updated or rejected and why. An Outtask ID that already exists updates that entity. A dry run
 * reports the same outcomes without writing anything.
 *
 * Columns (header names matched leniently: case, spaces, punctuation and common variants ignored):
 * name, outtaskId, companyUuid, siteIds, vendorSiteIds, travelConfigIds, facesCompanyId.
 * Several ids in one cell are separated by `;` or `|`. On update an empty cell keeps the stored value.
 */
import Papa from 'papaparse'
import { entityInputSchema } from '../../../shared/contract'
import type { CsvImportRow, EntityInput } from '../../../shared/model'
import { DeskError } from '../errors/desk-error'
import type { EntityRecord } from './entity-record'
import type { EntityStore } from './entity-store'

type Column = keyof EntityInput

/** Normalised header → column. */
const HEADER_ALIASES: Record<string, Column> = {
  name: 'name',
  entityname: 'name',
  entity: 'name',
  outtaskid: 'outtaskId',
  outtask: 'outtaskId',
  entityid: 'outtaskId',
  entityouttaskid: 'outtaskId',
  companyuuid: 'companyUuid',
  clientuuid: 'companyUuid',
  uuid: 'companyUuid',
  siteids: 'siteIds',
  siteid: 'siteIds',
  concursiteids: 'siteIds',
  concursiteid: 'siteIds',
  vendorsiteids: 'vendorSiteIds',
  vendorsiteid: 'vendorSiteIds',
  tmcsiteids: 'vendorSiteIds',
  managingtmcvendorsiteids: 'vendorSiteIds',
  managingtmcvendorsiteid: 'vendorSiteIds',
  travelconfigids: 'travelConfigIds',
  travelconfigid: 'travelConfigIds',
  travelconfigurationids: 'travelConfigIds',
  facescompanyid: 'facesCompanyId',
  facescompany: 'facesCompanyId',
  facesid: 'facesCompanyId',
}

const LIST_COLUMNS: ReadonlySet<Column> = new Set(['siteIds', 'vendorSiteIds', 'travelConfigIds'])

/** Maps a header cell to a column, or null when it is not one we know. */
export function columnOfHeader(header: string): Column | null {
  const key = header
    .toLowerCase()
    .replace(/\(s\)/g, 's')
    .replace(/[^a-z]/g, '')
  return HEADER_ALIASES[key] ?? null
}

/** Splits a cell of several ids (`;` or `|`). */
export function splitIds(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Picks the delimiter from the header line: ids use `;` inside cells, so a comma or tab header wins. */
function delimiterOf(csv: string): string {
  const header = csv.split(/\r?\n/, 1)[0] ?? ''
  if (header.includes(',')) return ','
  if (header.includes('\t')) return '\t'
  return ';'
}

/** The outcome of an import. */
export type CsvImportReport = { rows: CsvImportRow[]; created: number; updated: number; rejected: number }

/** Imports entities from CSV text. Throws DeskError('invalid-input') when the header is unusable. */
export async function importEntitiesCsv(
  csv: string,
  store: EntityStore,
  options: { dryRun?: boolean } = {},
): Promise<CsvImportReport> {
  const text = csv.replace(/^\uFEFF/, '')
  const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), skipEmptyLines: false })
  const [headerRow, ...dataRows] = parsed.data
  const columns = (headerRow ?? []).map(columnOfHeader)
  const missing = (['name', 'outtaskId', 'companyUuid'] as const).filter((c) => !columns.includes(c))
  if (!headerRow || missing.length > 0)
    throw new DeskError(
      'invalid-input',
      `The CSV header is missing the column(s) ${missing.join(', ')}. The first line must name the columns: name, outtaskId, companyUuid, siteIds, vendorSiteIds, travelConfigIds, facesCompanyId.`,
    )

  const existing = await store.list()
  const byOuttask = new Map<string, EntityRecord>(existing.map((e) => [e.outtaskId, e]))
  const seenInFile = new Map<string, number>()
  const rows: CsvImportRow[] = []

  for (let i = 0; i < dataRows.length; i++) {
    const cells = dataRows[i] ?? []
    const line = i + 2
    if (cells.every((c) => c.trim() === '')) continue
    const raw: Partial<Record<Column, string>> = {}
    columns.forEach((col, idx) => {
      if (col) raw[col] = (cells[idx] ?? '').trim()
    })
    const outtaskId = raw.outtaskId || null
    const previous = outtaskId ? byOuttask.get(outtaskId) : undefined
    const pick = (col: Column): string | string[] => {
      const cell = raw[col] ?? ''
      if (cell === '' && previous) return previous[col]
      return LIST_COLUMNS.has(col) ? splitIds(cell) : cell
    }
    const candidate = {
      name: pick('name'),
      outtaskId: pick('outtaskId'),
      companyUuid: pick('companyUuid'),
      siteIds: pick('siteIds'),
      vendorSiteIds: pick('vendorSiteIds'),
      travelConfigIds: pick('travelConfigIds'),
      facesCompanyId: pick('facesCompanyId'),
    }
    const result = entityInputSchema.safeParse(candidate)
    const reasons = result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
    if (outtaskId && seenInFile.has(outtaskId))
      reasons.push(
        `outtaskId: ${outtaskId} already appears on line ${seenInFile.get(outtaskId)}; keep one row per entity.`,
      )
    if (outtaskId && !seenInFile.has(outtaskId)) seenInFile.set(outtaskId, line)
    if (!result.success || reasons.length > 0) {
      rows.push({ line, outcome: 'rejected', outtaskId, reasons })
      continue
    }
    try {
      if (previous) {
        if (!options.dryRun) await store.update(previous.id, result.data)
        rows.push({ line, outcome: 'updated', outtaskId, reasons: [] })
      } else {
        if (!options.dryRun) await store.create(result.data)
        rows.push({ line, outcome: 'created', outtaskId, reasons: [] })
      }
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      rows.push({ line, outcome: 'rejected', outtaskId, reasons: [err.message] })
    }
  }
  return {
    rows,
    created: rows.filter((r) => r.outcome === 'created').length,
    updated: rows.filter((r) => r.outcome === 'updated').length,
    rejected: rows.filter((r) => r.outcome === 'rejected').length,
  }
}
