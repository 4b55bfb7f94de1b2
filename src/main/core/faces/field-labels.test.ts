import { describe, expect, it } from 'vitest'
import { displayValue, fieldLabel } from './field-labels'

describe('fieldLabel', () => {
  it('words every kind of flat field', () => {
    expect(
      [
        'name.first',
        'employeeId',
        'email.Business',
        'phone.Work',
        'address.Home.postalCode',
        'passport.0.expiration',
        'loyalty.air.LH',
        'custom.Cost.Centre',
      ].map(fieldLabel),
    ).toEqual([
      'First name',
      'Employee ID',
      'E-mail (Business)',
      'Phone (Work)',
      'Address Home: postal code',
      'Passport 1: expiry',
      'Air loyalty (LH)',
      'Custom field Cost.Centre',
    ])
  })

  it('masks passport numbers to their last three characters and nothing else', () => {
    expect(displayValue('passport.0.number', 'X1234567')).toBe('•••567')
    expect(displayValue('passport.1.number', 'AB')).toBe('•••')
    expect(displayValue('passport.0.nationality', 'CH')).toBe('CH')
    expect(displayValue('passport.0.number', null)).toBeNull()
  })
})
