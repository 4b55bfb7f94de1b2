/**
 * Builds the UI's EntityView from the stored record, the credential state and the sync engine's
 * poll status. Pure: every input is passed in.
 */
import {
  ONBOARDING_STEPS,
  type CredentialView,
  type EntityView,
  type OnboardingStep,
} from '../../../shared/model'
import type { PollStatus } from './entity-ports'
import type { EntityRecord } from './entity-record'

/** The furthest checklist step that is done, or 'not-started'. */
export function stageOf(record: EntityRecord): OnboardingStep | 'not-started' {
  let stage: OnboardingStep | 'not-started' = 'not-started'
  for (const step of ONBOARDING_STEPS) if (record.checklist[step] !== null) stage = step
  return stage
}

/** The UI view of one entity. */
export function toEntityView(
  record: EntityRecord,
  credential: CredentialView,
  poll: PollStatus | null,
): EntityView {
  return {
    id: record.id,
    name: record.name,
    outtaskId: record.outtaskId,
    companyUuid: record.companyUuid,
    siteIds: [...record.siteIds],
    vendorSiteIds: [...record.vendorSiteIds],
    travelConfigIds: [...record.travelConfigIds],
    facesCompanyId: record.facesCompanyId,
    geolocation: record.geolocation,
    archived: record.archived,
    createdAtMs: record.createdAtMs,
    // A dead credential outranks the checklist: the entity no longer syncs until a new token is exchanged.
    stage: credential.state === 'refresh-token-invalid' ? 'credential-dead' : stageOf(record),
    checklist: ONBOARDING_STEPS.map((step) => ({ step, doneAtMs: record.checklist[step] })),
    credential,
    polling: {
      active: record.pollingActive,
      lastPoll: poll?.lastPoll ?? null,
      nextPollAtMs: poll?.nextPollAtMs ?? null,
      consecutiveFailures: poll?.consecutiveFailures ?? 0,
      retryListSize: poll?.retryListSize ?? 0,
    },
    loginIdChanges: Math.max(0, (poll?.loginIdChanges ?? 0) - record.loginIdChangesAcked),
  }
}
