import { describe, expect, it } from 'vitest'
import type { TravelProfile } from '../concur/concur-client'
import { applyContentToProfile, flattenConcurProfile } from './concur-mapping'

const profile = (): TravelProfile => ({
  loginId: 'anna@acme.ch',
  status: 'Active',
  uuid: 'u-1',
  lastModifiedMs: null,
  general: {
    firstName: 'Anna',
    lastName: 'Muster',
    companyEmployeeId: 'E1',
    readOnly: { CompanyName: 'Acme' },
  },
  emailAddresses: [{ type: 'Business', address: 'anna@acme.ch', contact: 'true' }],
  telephones: [{ type: 'Work', phoneNumber: '+41 1', countryCode: 'CH' }],
  loyalty: { air: [{ vendorCode: 'LX', accountNo: '123', statistics: { PointTotal: '5' } }] },
  unknown: { rootAttributes: {}, sections: [], sectionChildren: {}, sectionAttributes: {} },
})

describe('Concur profile mapping', () => {
  it('flattens the fields Faces keeps', () => {
    expect(flattenConcurProfile(profile())).toEqual({
      'name.first': 'Anna',
      'name.last': 'Muster',
      employeeId: 'E1',
      'email.Business': 'anna@acme.ch',
      'phone.Work': '+41 1',
      'loyalty.air.LX': '123',
    })
  })

  it('writes changed fields back and leaves untouched sections exactly as Concur sent them', () => {
    const p = profile()
    const target = { ...flattenConcurProfile(p), 'name.last': 'Meier', 'phone.Work': '+41 2' }
    const out = applyContentToProfile(p, target)
    expect(flattenConcurProfile(out)).toEqual(target)
    expect(out.telephones).toEqual([{ type: 'Work', phoneNumber: '+41 2', countryCode: 'CH' }])
    expect(out.emailAddresses).toBe(out.emailAddresses)
    expect(out.emailAddresses).toEqual(p.emailAddresses)
    expect(out.loyalty?.air?.[0]?.statistics).toEqual({ PointTotal: '5' })
    expect(out.general.readOnly).toEqual({ CompanyName: 'Acme' })
  })

  it('clears a removed scalar with an empty value (Concur: present and empty means clear)', () => {
    const p = profile()
    const { employeeId: _gone, ...rest } = flattenConcurProfile(p)
    expect(applyContentToProfile(p, rest).general.companyEmployeeId).toBe('')
  })
})
