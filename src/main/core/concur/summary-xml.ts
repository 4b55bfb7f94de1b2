import { ConcurError } from './concur-error'
import { parseConcurUtc } from './concur-time'
import { parseConcurRoot } from './concur-xml-root'
import { child, childText, childrenNamed, tagOf } from './xml-tree'
import { errorFromErrorElement } from './profile-xml'
import { readResponseMessages } from './response-message'
import type { ProfileSummary, SummaryPage, SummaryRowProblem } from './concur-client'

/**
 * Parses one summary page. Element names are matched case-insensitively (`XmlProfileSyncID` in
 * the samples, `XMLProfileSyncID` in the table); paging values arrive as strings, possibly empty.
 * A row that cannot be read is reported in `problems` (naming the login) instead of failing the page.
 */
export function parseSummaryXml(xml: string): SummaryPage {
  const root = parseConcurRoot(xml, 'summary page')
  const rootTag = (tagOf(root) ?? '').toLowerCase()
  if (rootTag === 'error') throw errorFromErrorElement(root)
  const messages = readResponseMessages(root)
  if (messages)
    throw new ConcurError(
      'remote-failed',
      `Concur answered the summary with a message instead of a page: ${messages.map((m) => `${m.code} ${m.message}`.trim()).join('; ')}`,
    )
  if (rootTag !== 'connectresponse')
    throw new ConcurError(
      'remote-failed',
      `Concur sent a summary page with the unexpected root element <${tagOf(root) ?? ''}>.`,
    )

  const paging = child(root, 'Metadata') ? child(child(root, 'Metadata')!, 'Paging') : undefined
  const num = (name: string): number | null => {
    const text = paging ? childText(paging, name)?.trim() : undefined
    if (!text) return null
    const n = Number(text)
    return Number.isInteger(n) && n >= 0 ? n : null
  }
  const data = child(root, 'Data')
  const rows = data ? childrenNamed(data, 'ProfileSummary') : []
  const items: ProfileSummary[] = []
  const problems: SummaryRowProblem[] = []
  rows.forEach((row, i) => {
    const loginId = (childText(row, 'LoginID') ?? '').trim()
    const statusText = (childText(row, 'Status') ?? '').trim().toLowerCase()
    const modified = childText(row, 'ProfileLastModifiedUTC') ?? ''
    const lastModifiedMs = parseConcurUtc(modified)
    if (!loginId)
      return void problems.push({
        loginId: null,
        message: `Concur sent summary row ${i + 1} without a LoginID.`,
      })
    if (lastModifiedMs === null)
      return void problems.push({
        loginId,
        message: `Concur sent an unreadable ProfileLastModifiedUTC "${modified.slice(0, 40)}" for traveller ${loginId}.`,
      })
    if (statusText !== 'active' && statusText !== 'inactive')
      return void problems.push({
        loginId,
        message: `Concur sent an unknown Status "${statusText.slice(0, 20)}" for traveller ${loginId}.`,
      })
    const syncId = childText(row, 'XmlProfileSyncID')?.trim()
    items.push({
      loginId,
      xmlProfileSyncId: syncId ? syncId : null,
      status: statusText === 'active' ? 'Active' : 'Inactive',
      lastModifiedMs,
    })
  })
  const page = num('Page') ?? 1
  const totalItems = num('TotalItems') ?? items.length
  const totalPages = num('TotalPages') ?? (items.length > 0 ? page : 0)
  return { page, totalPages, totalItems, items, ...(problems.length > 0 ? { problems } : {}) }
}
