/**
 * Maps Concur Travel Profiles to the flat traveller content both directions compare, and writes
 * flat content back onto a profile for a POST. Only the fields Faces keeps are mapped; everything
 * else on the Concur profile (read-only values, unknown elements, travel preferences) is carried
 * through untouched by the read-modify-write.
 */
import type { TravelProfile } from '../concur/concur-client'
import type { FlatContent } from '../faces/faces-traveller'

const ADDRESS_PARTS = ['street', 'city', 'postalCode', 'countryCode'] as const

/** Flat content of a Concur profile (empty values omitted). */
export function flattenConcurProfile(p: TravelProfile): FlatContent {
  const out: FlatContent = {}
  const put = (k: string, v: string | null | undefined): void => {
    if (v !== null && v !== undefined && v !== '') out[k] = v
  }
  put('name.first', p.general.firstName)
  put('name.middle', p.general.middleName)
  put('name.last', p.general.lastName)
  put('employeeId', p.general.companyEmployeeId)
  for (const e of p.emailAddresses ?? []) put(`email.${e.type}`, e.address)
  for (const t of p.telephones ?? []) put(`phone.${t.type}`, t.phoneNumber)
  for (const a of p.addresses ?? [])
    for (const part of ADDRESS_PARTS) put(`address.${a.type}.${part}`, a[part])
  ;(p.passports ?? []).forEach((x, i) => {
    put(`passport.${i}.number`, x.passportNumber)
    put(`passport.${i}.nationality`, x.passportNationality)
    put(`passport.${i}.expiration`, x.passportExpiration)
  })
  for (const program of ['air', 'car', 'hotel', 'rail'] as const) {
    for (const m of p.loyalty?.[program] ?? [])
      if (m.vendorCode) put(`loyalty.${program}.${m.vendorCode}`, m.accountNo)
  }
  for (const c of p.customFields ?? []) put(`custom.${c.name}`, c.value)
  return out
}

/**
 * Returns a copy of `profile` whose mapped fields equal `target`. Sections whose mapped fields
 * did not change are left exactly as Concur sent them; a cleared scalar is sent as '' (clear).
 */
export function applyContentToProfile(profile: TravelProfile, target: FlatContent): TravelProfile {
  const current = flattenConcurProfile(profile)
  const changed = new Set<string>()
  for (const k of new Set([...Object.keys(current), ...Object.keys(target)]))
    if (current[k] !== target[k]) changed.add(k)
  const touches = (prefix: string): boolean =>
    [...changed].some((k) => k === prefix || k.startsWith(prefix + '.'))
  const p: TravelProfile = structuredClone(profile)
  const scalar = (key: string, had: string | undefined): string | undefined =>
    target[key] ?? (had ? '' : undefined)
  if (changed.has('name.first')) p.general.firstName = scalar('name.first', profile.general.firstName) ?? ''
  if (changed.has('name.middle')) p.general.middleName = scalar('name.middle', profile.general.middleName)
  if (changed.has('name.last')) p.general.lastName = scalar('name.last', profile.general.lastName) ?? ''
  if (changed.has('employeeId'))
    p.general.companyEmployeeId = scalar('employeeId', profile.general.companyEmployeeId)
  const entries = (prefix: string): Array<[string, string]> =>
    Object.entries(target)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v])
  if (touches('email')) {
    p.emailAddresses = entries('email.').map(([type, address]) => {
      const old = profile.emailAddresses?.find((e) => e.type === type)
      return { ...(old ?? {}), type, address }
    })
  }
  if (touches('phone')) {
    p.telephones = entries('phone.').map(([type, phoneNumber]) => {
      const old = profile.telephones?.find((t) => t.type === type)
      return { ...(old ?? {}), type, phoneNumber }
    })
  }
  if (touches('address')) {
    const byType = new Map<string, NonNullable<TravelProfile['addresses']>[number]>()
    for (const [rest, v] of entries('address.')) {
      const [type, part] = [rest.slice(0, rest.lastIndexOf('.')), rest.slice(rest.lastIndexOf('.') + 1)]
      const a = byType.get(type) ?? { ...(profile.addresses?.find((x) => x.type === type) ?? {}), type }
      if ((ADDRESS_PARTS as readonly string[]).includes(part)) a[part as (typeof ADDRESS_PARTS)[number]] = v
      byType.set(type, a)
    }
    p.addresses = [...byType.values()]
  }
  if (touches('passport')) {
    const list: NonNullable<TravelProfile['passports']> = []
    for (const [rest, v] of entries('passport.')) {
      const [i, part] = rest.split('.') as [string, string]
      const x = (list[Number(i)] ??= { ...(profile.passports?.[Number(i)] ?? {}) })
      if (part === 'number') x.passportNumber = v
      if (part === 'nationality') x.passportNationality = v
      if (part === 'expiration') x.passportExpiration = v
    }
    p.passports = list.filter(Boolean)
  }
  if (touches('loyalty')) {
    p.loyalty = {}
    for (const program of ['air', 'car', 'hotel', 'rail'] as const) {
      const list = entries(`loyalty.${program}.`).map(([vendorCode, accountNo]) => ({
        ...(profile.loyalty?.[program]?.find((m) => m.vendorCode === vendorCode) ?? {}),
        vendorCode,
        accountNo,
      }))
      if (list.length > 0 || profile.loyalty?.[program]) p.loyalty[program] = list
    }
  }
  if (touches('custom')) p.customFields = entries('custom.').map(([name, value]) => ({ name, value }))
  return p
}

/** The stable keys Faces matches a Concur traveller by. */
export function concurKeyOf(p: TravelProfile): {
  concurLoginId: string
  concurUuid: string | null
  employeeId: string | null
} {
  return { concurLoginId: p.loginId, concurUuid: p.uuid, employeeId: p.general.companyEmployeeId || null }
}
