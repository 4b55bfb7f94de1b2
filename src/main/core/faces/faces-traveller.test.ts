import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyFlatPatch,
  diffFlat,
  flattenFacesTraveller,
  hashFlat,
  unflattenFacesContent,
  type FlatContent,
} from './faces-traveller'

const flatArb: fc.Arbitrary<FlatContent> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'name.first',
        'name.last',
        'email.Business',
        'phone.Work',
        'address.Home.city',
        'passport.0.number',
        'loyalty.air.LX',
        'custom.Cost.Centre',
        'employeeId',
      ),
      fc.string({ minLength: 1, maxLength: 8 }),
    ),
  )
  .map((pairs) => Object.fromEntries(pairs))

describe('flat traveller content', () => {
  it('round-trips through the structured Faces form', () => {
    fc.assert(
      fc.property(flatArb, (flat) => {
        const structured = unflattenFacesContent(flat)
        const back = flattenFacesTraveller({ ...structured, concurLoginId: null, concurUuid: null })
        expect(back).toEqual(flat)
      }),
    )
  })

  it('diff then apply turns one content into the other', () => {
    fc.assert(
      fc.property(flatArb, flatArb, (a, b) => {
        expect(applyFlatPatch(a, diffFlat(a, b))).toEqual(b)
      }),
    )
  })

  it('hashes content independent of key order and sensitive to values', () => {
    expect(hashFlat({ a: '1', b: '2' })).toBe(hashFlat({ b: '2', a: '1' }))
    expect(hashFlat({ a: '1' })).not.toBe(hashFlat({ a: '2' }))
  })

  it('merges edits of different fields made against the same base', () => {
    const base = { 'name.first': 'Ann', 'name.last': 'Muster' }
    const concur = { ...base, 'name.first': 'Anna' }
    const faces = { ...base, 'name.last': 'Meier' }
    expect(applyFlatPatch(faces, diffFlat(base, concur))).toEqual({
      'name.first': 'Anna',
      'name.last': 'Meier',
    })
  })
})
