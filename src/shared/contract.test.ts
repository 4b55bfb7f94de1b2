import { describe, expect, it } from 'vitest'
import { requestSchemas } from './contract'
import { MAX_PASTE_TRANSPORT_CHARS } from './intake/paste-text'

const entity = {
  name: 'Umbrella EMEA',
  outtaskId: '110034',
  companyUuid: '79840cd9-5989-4675-a254-3cdd0deeb178',
  siteIds: [],
  vendorSiteIds: [],
  travelConfigIds: [],
  facesCompanyId: 'FC-1',
}

describe('request schemas', () => {
  it.each(Object.keys(requestSchemas) as Array<keyof typeof requestSchemas>)(
    '%s refuses an unknown key',
    (channel) => {
      const r = requestSchemas[channel].safeParse({ zzUnknownKey: 1 })
      expect(r.success).toBe(false)
      expect(
        r.error?.issues.some((i) => i.code === 'unrecognized_keys' && i.message.includes('"zzUnknownKey"')),
      ).toBe(true)
    },
  )

  it('refuses unknown keys in nested objects too, with a did-you-mean', () => {
    const settings = requestSchemas['settings:update'].safeParse({ intakeWindow: { opensat: '06:00' } })
    expect(settings.error?.issues[0]).toMatchObject({
      path: ['intakeWindow'],
      message: 'Unknown field "opensat" — did you mean "opensAt"?',
    })
    const update = requestSchemas['entities:update'].safeParse({
      entityId: 'e1',
      input: { ...entity, nmae: 'x' },
    })
    expect(update.error?.issues[0]?.message).toBe('Unknown field "nmae" — did you mean "name"?')
  })

  it('refuses control characters, bidi overrides and invisible-only text in entity fields', () => {
    for (const [field, value] of [
      ['name', 'ACME\u202e'],
      ['name', '\u200b'],
      ['facesCompanyId', 'FC\u0000'],
    ] as const) {
      const r = requestSchemas['entities:create'].safeParse({ ...entity, [field]: value })
      expect(r.error?.issues[0]?.path).toEqual([field])
    }
    expect(
      requestSchemas['entities:create'].safeParse({ ...entity, siteIds: ['S\u202a1'] }).error?.issues[0]
        ?.path,
    ).toEqual(['siteIds', 0])
    expect(requestSchemas['entities:create'].safeParse(entity).success).toBe(true)
  })

  it('says the size, the limit and what to do for a paste over the transport limit', () => {
    const r = requestSchemas['tokens:preview'].safeParse({ text: 'x'.repeat(MAX_PASTE_TRANSPORT_CHARS + 1) })
    expect(r.error?.issues[0]?.message).toBe(
      'The pasted text is 1,000,001 characters long; the desk reads at most 200,000 characters at a time. Paste one e-mail at a time.',
    )
  })
})
