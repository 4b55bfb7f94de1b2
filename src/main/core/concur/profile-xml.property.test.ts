import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseProfileXml, serializeProfileForPost } from './profile-xml'
import type { TravelProfile } from './travel-profile'

// Text Concur could hold: printable characters including XML metacharacters, trimmed (the parser trims).
const text = fc
  .string({ unit: fc.constantFrom(...'abcXYZ 019&<>"\'/;:-_.éü€'.split('')), maxLength: 20 })
  .map((s) => s.trim())

describe('profile XML round trip (property)', () => {
  it('gives back every writable value after serialising and parsing, whatever the characters', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.array(fc.tuple(text, text), { maxLength: 3 }),
        (first, last, job, email, fields) => {
          const profile: TravelProfile = {
            loginId: `user${first}@x.test`,
            status: 'Active',
            uuid: null,
            lastModifiedMs: null,
            general: { firstName: first, lastName: last, jobTitle: job, travelConfigId: '1' },
            emailAddresses: [{ type: 'Business', address: email, contact: 'true' }],
            customFields: fields.map(([name, value]) => ({ name, value })),
            unknown: { rootAttributes: {}, sections: [], sectionChildren: {}, sectionAttributes: {} },
          }
          const back = parseProfileXml(serializeProfileForPost(profile, 'Update'))
          expect(back.loginId).toBe(profile.loginId)
          expect(back.general).toEqual(profile.general)
          expect(back.emailAddresses).toEqual(profile.emailAddresses)
          expect(back.customFields).toEqual(profile.customFields)
        },
      ),
      { numRuns: 200 },
    )
  })
})
