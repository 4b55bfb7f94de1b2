import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { atTokenArb, labelArbs, outtaskArb, uuidArb } from './paste-arbitraries.test-helper'
import { maskToken, parseTokenPaste } from './token-parser'

const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
const UUID2 = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'
const TOKEN = 'at-9Zq3kLmN0pQrStUvWxYz1234abcd'
const TOKEN2 = 'at-AAAAbbbbCCCCdddd1111222233334444'
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ'

type Row = {
  name: string
  text: string
  expect: Array<{
    outtaskId: string | null
    companyUuid: string | null
    token: string | null
    errorFields: string[]
  }>
}

const table: Row[] = [
  {
    name: "the desk's own format",
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}\n`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: "the desk's own sample UUID, which is not a UUID",
    text: `Entity/Outtask ID: 110034\nClient_UUID: 79840cd9-5989-4675c-a254-3cdkkkdddeeebb178\nRequest_Token: ${TOKEN}`,
    expect: [
      {
        outtaskId: '110034',
        companyUuid: '79840cd9-5989-4675c-a254-3cdkkkdddeeebb178',
        token: TOKEN,
        errorFields: ['companyUuid'],
      },
    ],
  },
  {
    name: 'fields in another order with label variants and equals signs',
    text: `company request token = ${TOKEN}\nCOMPANY UUID=${UUID}\nouttask id = 110034`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'a quoted e-mail reply with CRLF line endings and extra blank lines',
    text: `Hi team,\r\n\r\nsee below.\r\n\r\n> Entity ID: 220045\r\n>\r\n>> Company UUID: ${UUID}\r\n> \r\n> Request Token: ${TOKEN}\r\n\r\nRegards,\r\nAnna`,
    expect: [{ outtaskId: '220045', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'two blocks in one paste, surrounded by prose',
    text: `Dear Umbrella,\nplease find the tokens for both entities.\n\nEntity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}\n\nAnd the second one:\nEntity/Outtask ID: 110035\nClient_UUID: ${UUID2}\nRequest_Token: ${TOKEN2}\n\nBest regards\nConcur Support`,
    expect: [
      { outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] },
      { outtaskId: '110035', companyUuid: UUID2, token: TOKEN2, errorFields: [] },
    ],
  },
  {
    name: 'tabs and no-break spaces around labels and values',
    text: `Entity/Outtask ID:\t110034\nClient_UUID:\u00a0${UUID}\u00a0\nRequest_Token:\u202f${TOKEN}`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'a token wrapped over two lines by a mail client',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN.slice(0, 14)}\n${TOKEN.slice(14)}\n\nThanks`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'a JWT-like token and a value on the line below its label',
    text: `Outtask ID: 330001\nClient_UUID:\n${UUID}\nRequest_Token: ${JWT}`,
    expect: [{ outtaskId: '330001', companyUuid: UUID, token: JWT, errorFields: [] }],
  },
  {
    name: 'all three fields on one line',
    text: `Entity ID: 110034, Company UUID: ${UUID}, Request Token: ${TOKEN}`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'a letter in the Outtask ID, a missing UUID and a token with a space',
    text: `Entity/Outtask ID: 11003A\nRequest_Token: at-abcdef 1234567`,
    expect: [
      {
        outtaskId: '11003A',
        companyUuid: null,
        token: 'at-abcdef 1234567',
        errorFields: ['outtaskId', 'companyUuid', 'requestToken'],
      },
    ],
  },
  {
    name: 'a short token (doubtful, so accepted with a warning: no document fixes a length)',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: abc`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: 'abc', errorFields: [] }],
  },
  {
    name: 'markdown emphasis and a bracketed note after a label',
    text: `**Entity/Outtask ID:** 110034\n- Company UUID (Client_UUID): ${UUID}\n**Request_Token:** \`${TOKEN}\``,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
  {
    name: 'prose after the value on the same line',
    text: `Entity ID: 110034 (the EMEA entity)\nClient UUID: ${UUID}.\nRequest token: "${TOKEN}"`,
    expect: [{ outtaskId: '110034', companyUuid: UUID, token: TOKEN, errorFields: [] }],
  },
]

describe('parseTokenPaste', () => {
  it.each(table)('parses $name', (row) => {
    const blocks = parseTokenPaste(row.text)
    expect(
      blocks.map((b) => ({
        outtaskId: b.outtaskId,
        companyUuid: b.companyUuid,
        token: b.requestToken,
        errorFields: b.errors.map((e) => e.field),
      })),
    ).toEqual(row.expect)
  })

  it('reports the line range of each block', () => {
    const blocks = parseTokenPaste(
      `Hello\n\nEntity/Outtask ID: 1\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}\nbye`,
    )
    expect(blocks[0]?.lines).toEqual([3, 5])
  })

  it('masks the token in previews and in error values', () => {
    const [block] = parseTokenPaste(
      `Entity/Outtask ID: 1\nClient_UUID: bad\nRequest_Token: at-abcdef 1234567`,
    )
    expect(block?.tokenPreview).toBe('at-ab…567')
    const tokenError = block?.errors.find((e) => e.field === 'requestToken')
    expect(tokenError?.value).toBe('at-ab…567')
    expect(JSON.stringify(block?.errors)).not.toContain('at-abcdef')
  })

  it('names the field, shows the bad value and says what to do for the sample UUID', () => {
    const [block] = parseTokenPaste(`Client_UUID: 79840cd9-5989-4675c-a254-3cdkkkdddeeebb178`)
    const err = block?.errors.find((e) => e.field === 'companyUuid')
    expect(err?.value).toBe('79840cd9-5989-4675c-a254-3cdkkkdddeeebb178')
    expect(err?.message).toMatch(/8-4-4-4-12/)
    expect(err?.message).toMatch(/Ask the customer/)
  })

  it('returns a block-level complaint for text without any token field', () => {
    const blocks = parseTokenPaste('Thanks for your patience, we will send it tomorrow.')
    expect(blocks).toHaveLength(1)
    expect(blocks[0]?.errors.map((e) => e.field)).toEqual(['block'])
  })

  it('returns nothing for empty text', () => {
    expect(parseTokenPaste('  \n\r\n ')).toEqual([])
  })

  it('never throws on arbitrary text and every rejection names a field', () => {
    const labels = [
      'Entity/Outtask ID',
      'Client_UUID',
      'Request_Token',
      'Company UUID',
      'Entity ID',
      'token',
      '>',
      '> >',
    ]
    const pieces = fc.oneof(
      fc.string(),
      fc.constantFrom(...labels, ':', '=', '\r\n', '\n', '\t', '\u00a0', UUID, TOKEN, '110034'),
      fc.stringMatching(/^[A-Za-z0-9 :=>\-_.\r\n\t]{0,40}$/),
    )
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const blocks = parseTokenPaste(parts.join(''))
        for (const b of blocks) {
          const valid = b.errors.length === 0
          if (!valid) {
            for (const e of b.errors) {
              expect(['outtaskId', 'companyUuid', 'requestToken', 'block']).toContain(e.field)
              expect(e.message.length).toBeGreaterThan(10)
            }
          } else {
            expect(b.outtaskId).toMatch(/^\d+$/)
            expect(b.requestToken).not.toMatch(/\s/)
          }
          if (b.requestToken && b.requestToken.length > 10) {
            for (const e of b.errors) expect(e.value).not.toContain(b.requestToken)
          }
        }
      }),
      { numRuns: 1500 },
    )
  })
})

describe('parseTokenPaste on generated well-formed pastes', () => {
  const uuid = uuidArb
  const token = atTokenArb
  const outtask = outtaskArb
  const label = labelArbs
  const sep = fc.constantFrom(': ', ':', ' = ', '=', ':\t', ':\u00a0')
  const quote = fc.constantFrom('', '> ', '>> ', '> > ')
  const eol = fc.constantFrom('\n', '\r\n')
  const prose = fc.constantFrom('', 'Hello team,', 'Please find the token below.', 'Kind regards', '--')
  const block = fc.record({
    outtaskId: outtask,
    companyUuid: uuid,
    requestToken: token,
    labels: fc.tuple(label.outtaskId, label.companyUuid, label.requestToken),
    seps: fc.tuple(sep, sep, sep),
    order: fc.constantFrom([0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]),
    blankLines: fc.tuple(fc.boolean(), fc.boolean()),
  })

  it('finds every block with its exact values, whatever the labels, order, quoting and line endings', () => {
    fc.assert(
      fc.property(
        fc.array(block, { minLength: 1, maxLength: 4 }),
        quote,
        eol,
        prose,
        prose,
        (blocks, q, nl, before, after) => {
          const lines: string[] = [before]
          for (const b of blocks) {
            const values = [b.outtaskId, b.companyUuid, b.requestToken]
            b.order.forEach((i, pos) => {
              lines.push(`${q}${b.labels[i]}${b.seps[i]}${values[i]}`)
              if (pos < 2 && b.blankLines[pos]) lines.push(q.trim())
            })
            lines.push('')
          }
          lines.push(after)
          const parsed = parseTokenPaste(lines.join(nl))
          expect(parsed.map((p) => [p.outtaskId, p.companyUuid, p.requestToken, p.errors])).toEqual(
            blocks.map((b) => [b.outtaskId, b.companyUuid, b.requestToken, []]),
          )
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('maskToken', () => {
  it('keeps the first five and last three characters of a long token', () => {
    expect(maskToken('at-1234567890xyz')).toBe('at-12…xyz')
  })

  it('shows only the first and last characters of a short value, never all of it', () => {
    expect(maskToken('abcdefgh')).toBe('abc…gh')
    expect(maskToken('at-zz99')).toBe('at-…99')
    expect(maskToken('abc')).toBe('a…c')
    expect(maskToken('ab')).toBe('a…')
    expect(maskToken('a')).toBe('…')
  })
})
