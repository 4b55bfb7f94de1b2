/**
 * Texts the desk sends to or shows about Concur: the case that asks for an API token, and the
 * renewal steps when a refresh token nears its six-month expiry. Pure, so the UI can preview them.
 * The intake hours come from the window in force (`intake-defaults.ts` by default).
 */
import type { IntakeWindowSettings } from '../model'
import { DEFAULT_INTAKE_WINDOW, intakeWindowPhrase } from './intake-defaults'

/** The entity facts a case needs. */
export type CaseEntity = {
  name: string
  outtaskId: string
  companyUuid: string
  siteIds: readonly string[]
  vendorSiteIds: readonly string[]
}

/** Concur's support queue sorts on this phrase in the subject; keep it verbatim. */
export const CASE_SUBJECT_PHRASE = 'API token request'

function list(ids: readonly string[], none: string): string {
  return ids.length === 0 ? none : ids.join(', ')
}

/** Composes the Concur case asking for access-control travel profile API credentials. */
export function composeCase(
  entity: CaseEntity,
  window: Readonly<IntakeWindowSettings> = DEFAULT_INTAKE_WINDOW,
): { subject: string; body: string } {
  const subject = `${CASE_SUBJECT_PHRASE}: Umbrella Faces – ${entity.name} (Entity/Outtask ID ${entity.outtaskId})`
  const vendorLines =
    entity.vendorSiteIds.length === 0
      ? ['- (no managing TMC / Vendor Site ID recorded yet: add them before sending)']
      : entity.vendorSiteIds.map((id) => `- ${id}`)
  const body = [
    'Hello SAP Concur support,',
    '',
    `Please issue access-control travel profile API credentials (a company request token) for the Umbrella Faces app for the following entity:`,
    '',
    `Entity name: ${entity.name}`,
    `Entity/Outtask ID: ${entity.outtaskId}`,
    `Company (client) UUID: ${entity.companyUuid}`,
    `Concur site ID(s): ${list(entity.siteIds, '(none recorded)')}`,
    'Managing TMC / Vendor Site ID(s):',
    ...vendorLines,
    '',
    `Please send the request token in this format, ${intakeWindowPhrase(window)}, so that we can exchange it while it is valid:`,
    `Entity/Outtask ID: ${entity.outtaskId}`,
    `Client_UUID: ${entity.companyUuid}`,
    'Request_Token: <the company request token>',
    '',
    'Thank you,',
    'Umbrella support desk',
  ].join('\n')
  return { subject, body }
}

/** How long before the refresh token's expiry the entity shows "renewal due". */
export const RENEWAL_DUE_MS = 30 * 24 * 3600 * 1000

/** True when the refresh token expires within 30 days (or already has). */
export function isRenewalDue(refreshExpiresAtMs: number | null, nowMs: number): boolean {
  return refreshExpiresAtMs !== null && refreshExpiresAtMs - nowMs <= RENEWAL_DUE_MS
}

/** The steps to renew an entity's refresh token before it expires. */
export function renewalSteps(
  entity: Pick<CaseEntity, 'name' | 'outtaskId'>,
  window: Readonly<IntakeWindowSettings> = DEFAULT_INTAKE_WINDOW,
): string[] {
  return [
    `Open a Concur case for ${entity.name} (Entity/Outtask ID ${entity.outtaskId}) with the subject "${CASE_SUBJECT_PHRASE}" (use "Compose case").`,
    `Ask for the new request token to arrive ${intakeWindowPhrase(window)}.`,
    'Paste the Concur answer into Token intake and exchange the token while it is valid.',
    'Check that the new refresh token was set on the Faces company profile (checklist step "refresh token set in Faces").',
  ]
}
