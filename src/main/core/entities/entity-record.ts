/**
 * The persisted shape of an entity (a Concur company set up for one Faces company). Validated with
 * zod on load so a row written by an older desk (or an imported file) fails loudly instead of
 * half-working.
 */
import { z } from 'zod'
import { ONBOARDING_STEPS, type OnboardingStep } from '../../../shared/model'

const checklistSchema = z.object(
  Object.fromEntries(ONBOARDING_STEPS.map((s) => [s, z.number().nullable()])) as Record<
    OnboardingStep,
    z.ZodNullable<z.ZodNumber>
  >,
)

/** One entity as the store keeps it. */
export const entityRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  outtaskId: z.string(),
  companyUuid: z.string(),
  siteIds: z.array(z.string()),
  vendorSiteIds: z.array(z.string()),
  travelConfigIds: z.array(z.string()),
  /** Empty for entities created from an unknown Outtask ID until someone fills it in. */
  facesCompanyId: z.string(),
  geolocation: z.string().nullable(),
  archived: z.boolean(),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
  /** When each onboarding step was done (epoch ms), null when not done. */
  checklist: checklistSchema,
  pollingActive: z.boolean(),
  /**
   * The sync engine's cumulative count of login-id changes at the last acknowledgement; the
   * entity shows the changes above it.
   */
  loginIdChangesAcked: z.number(),
})
export type EntityRecord = z.infer<typeof entityRecordSchema>

/** A checklist with nothing done. */
export function emptyChecklist(): EntityRecord['checklist'] {
  return Object.fromEntries(ONBOARDING_STEPS.map((s) => [s, null])) as EntityRecord['checklist']
}
