/** fast-check generators of well-formed token-block parts, shared by the parser's property tests. */
import fc from 'fast-check'

const hex = (n: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`))

/** A lower-case 8-4-4-4-12 UUID. */
export const uuidArb = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'))

/** An `at-` token of 20–60 base64url characters. */
export const atTokenArb = fc.stringMatching(/^[\w-]{20,60}$/).map((t) => `at-${t}`)

/** A JWT-like token (three dot-separated parts). */
export const jwtTokenArb = fc
  .tuple(fc.stringMatching(/^[\w-]{10,30}$/), fc.stringMatching(/^[\w-]{10,30}$/))
  .map(([a, b]) => `eyJ${a}.${b}.sig`)

/** An Outtask ID of 4–9 digits. */
export const outtaskArb = fc.stringMatching(/^[1-9]\d{3,8}$/)

/** Label variants people write for each field. */
export const labelArbs = {
  outtaskId: fc.constantFrom('Entity/Outtask ID', 'Outtask ID', 'Entity ID', 'entity id', 'OUTTASK_ID'),
  companyUuid: fc.constantFrom('Client_UUID', 'Company UUID', 'company uuid', 'Client UUID'),
  requestToken: fc.constantFrom(
    'Request_Token',
    'Company Request Token',
    'request token',
    'Request Token',
    'Auth Token',
  ),
}
