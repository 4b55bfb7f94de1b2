/**
 * The Faces traveller model (see docs/faces-api.md) and its flat content form. Both sync
 * directions compare, diff and patch travellers as flat `field path → value` maps, which makes
 * echo detection a hash compare and concurrent edits of different fields a three-way merge.
 */
import { createHash } from 'node:crypto'

export type FacesEmail = { type: string; address: string }
export type FacesPhone = { type: string; number: string }
export type FacesAddress = {
  type: string
  street: string
  city: string
  postalCode: string
  countryCode: string
}
export type FacesPassport = { number: string; nationality: string; expiration: string }
export type FacesLoyalty = {
  program: 'air' | 'car' | 'hotel' | 'rail'
  vendorCode: string
  accountNo: string
}

/** A traveller as Faces stores it. */
export type FacesTraveller = {
  id: string
  companyId: string
  concurLoginId: string | null
  concurUuid: string | null
  employeeId: string | null
  firstName: string
  middleName: string
  lastName: string
  emails: FacesEmail[]
  phones: FacesPhone[]
  addresses: FacesAddress[]
  passports: FacesPassport[]
  loyalty: FacesLoyalty[]
  customFields: Record<string, string>
  /** Bumped by every change of content; never by a no-op write. */
  version: number
  etag: string
  updatedAtMs: number
}

/** Flat content: `name.first`, `email.Business`, `phone.Work`, `address.Home.city`, `passport.0.number`, `loyalty.air.LH`, `custom.CostCentre`, `employeeId`. */
export type FlatContent = Record<string, string>

/** A patch over flat content: a string sets the field, null removes it. */
export type FlatPatch = Record<string, string | null>

const ADDRESS_PARTS = ['street', 'city', 'postalCode', 'countryCode'] as const
const PASSPORT_PARTS = ['number', 'nationality', 'expiration'] as const

/** Flattens the content fields of a Faces traveller (keys and bookkeeping excluded). Empty values are omitted. */
export function flattenFacesTraveller(
  t: Omit<FacesTraveller, 'id' | 'companyId' | 'version' | 'etag' | 'updatedAtMs'>,
): FlatContent {
  const out: FlatContent = {}
  const put = (k: string, v: string | null | undefined): void => {
    if (v !== null && v !== undefined && v !== '') out[k] = v
  }
  put('name.first', t.firstName)
  put('name.middle', t.middleName)
  put('name.last', t.lastName)
  put('employeeId', t.employeeId)
  for (const e of t.emails) put(`email.${e.type}`, e.address)
  for (const p of t.phones) put(`phone.${p.type}`, p.number)
  for (const a of t.addresses) for (const part of ADDRESS_PARTS) put(`address.${a.type}.${part}`, a[part])
  t.passports.forEach((p, i) => PASSPORT_PARTS.forEach((part) => put(`passport.${i}.${part}`, p[part])))
  for (const l of t.loyalty) put(`loyalty.${l.program}.${l.vendorCode}`, l.accountNo)
  for (const [k, v] of Object.entries(t.customFields)) put(`custom.${k}`, v)
  return out
}

/** The content part of a Faces traveller rebuilt from flat content. */
export type FacesContent = Pick<
  FacesTraveller,
  | 'employeeId'
  | 'firstName'
  | 'middleName'
  | 'lastName'
  | 'emails'
  | 'phones'
  | 'addresses'
  | 'passports'
  | 'loyalty'
  | 'customFields'
>

/** Rebuilds structured Faces content from flat content (inverse of flattenFacesTraveller). */
export function unflattenFacesContent(flat: FlatContent): FacesContent {
  const out: FacesContent = {
    employeeId: flat['employeeId'] ?? null,
    firstName: flat['name.first'] ?? '',
    middleName: flat['name.middle'] ?? '',
    lastName: flat['name.last'] ?? '',
    emails: [],
    phones: [],
    addresses: [],
    passports: [],
    loyalty: [],
    customFields: {},
  }
  const addresses = new Map<string, FacesAddress>()
  const passports = new Map<number, FacesPassport>()
  for (const key of Object.keys(flat).sort()) {
    const value = flat[key]!
    const [head, a, b] = splitKey(key)
    if (head === 'email' && a) out.emails.push({ type: a, address: value })
    else if (head === 'phone' && a) out.phones.push({ type: a, number: value })
    else if (head === 'address' && a && b) {
      const addr = addresses.get(a) ?? { type: a, street: '', city: '', postalCode: '', countryCode: '' }
      if ((ADDRESS_PARTS as readonly string[]).includes(b)) addr[b as (typeof ADDRESS_PARTS)[number]] = value
      addresses.set(a, addr)
    } else if (head === 'passport' && a && b) {
      const p = passports.get(Number(a)) ?? { number: '', nationality: '', expiration: '' }
      if ((PASSPORT_PARTS as readonly string[]).includes(b)) p[b as (typeof PASSPORT_PARTS)[number]] = value
      passports.set(Number(a), p)
    } else if (head === 'loyalty' && a && b)
      out.loyalty.push({ program: a as FacesLoyalty['program'], vendorCode: b, accountNo: value })
    else if (head === 'custom' && a) out.customFields[key.slice('custom.'.length)] = value
  }
  out.addresses = [...addresses.values()]
  out.passports = [...passports.entries()].sort((x, y) => x[0] - y[0]).map(([, p]) => p)
  return out
}

/** Splits `address.Home.city` into its parts; custom field names may contain dots, so only the first two splits count. */
function splitKey(key: string): [string, string | undefined, string | undefined] {
  const i = key.indexOf('.')
  if (i < 0) return [key, undefined, undefined]
  const head = key.slice(0, i)
  const rest = key.slice(i + 1)
  if (head === 'custom' || head === 'email' || head === 'phone') return [head, rest, undefined]
  const j = rest.indexOf('.')
  return j < 0 ? [head, rest, undefined] : [head, rest.slice(0, j), rest.slice(j + 1)]
}

/** Applies a patch to flat content (returns a new object). */
export function applyFlatPatch(content: FlatContent, patch: FlatPatch): FlatContent {
  const out = { ...content }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') delete out[k]
    else out[k] = v
  }
  return out
}

/** The patch that turns `from` into `to` (null for removed fields). */
export function diffFlat(from: FlatContent, to: FlatContent): FlatPatch {
  const patch: FlatPatch = {}
  for (const [k, v] of Object.entries(to)) if (from[k] !== v) patch[k] = v
  for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null
  return patch
}

/** Stable content hash of flat content (key order does not matter). */
export function hashFlat(content: FlatContent): string {
  const keys = Object.keys(content).sort()
  const h = createHash('sha256')
  for (const k of keys) h.update(`${k}\u0000${content[k]}\u0001`)
  return h.digest('hex').slice(0, 32)
}
