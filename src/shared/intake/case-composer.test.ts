import { describe, expect, it } from 'vitest'
import { composeCase, isRenewalDue, renewalSteps } from './case-composer'

const entity = {
  name: 'Umbrella EMEA',
  outtaskId: '110034',
  companyUuid: '79840cd9-5989-4675-a254-3cdd0deeb178',
  siteIds: ['S-1', 'S-2'],
  vendorSiteIds: ['EMEA-77', 'USA-12'],
}

describe('composeCase', () => {
  it('puts the phrase Concur sorts on into the subject', () => {
    expect(composeCase(entity).subject).toContain('API token request')
    expect(composeCase(entity).subject).toContain('110034')
  })

  it('lists the site IDs and every managing TMC / Vendor Site ID in the body', () => {
    const { body } = composeCase(entity)
    expect(body).toContain('access-control travel profile API credentials')
    expect(body).toContain('Umbrella Faces')
    expect(body).toContain('S-1, S-2')
    expect(body).toContain('- EMEA-77')
    expect(body).toContain('- USA-12')
  })

  it('warns when no vendor site is recorded', () => {
    expect(composeCase({ ...entity, vendorSiteIds: [] }).body).toMatch(/no managing TMC/)
  })
})

describe('isRenewalDue', () => {
  const day = 86_400_000
  it('is due 30 days before expiry and not 31', () => {
    expect(isRenewalDue(100 * day, 70 * day)).toBe(true)
    expect(isRenewalDue(100 * day, 69 * day)).toBe(false)
    expect(isRenewalDue(null, 0)).toBe(false)
  })
})

describe('renewalSteps', () => {
  it('names the entity and the case subject phrase', () => {
    const steps = renewalSteps(entity)
    expect(steps[0]).toContain('110034')
    expect(steps.join(' ')).toContain('API token request')
  })
})
