/**
 * Worst-case pastes of a given length for the intake parser: long runs of the characters its
 * passes treat specially (`.`, `)`, `<`, `&`, labels, spaces, invisible characters, quoting, line
 * ends), HTML nesting, many blocks, and seeded random text. Shared by the parser benchmark
 * (`bench/intake-bench.ts`, which times them) and the tests (which check the answers, never times).
 */

import fc from 'fast-check'

/** A named adversarial input. */
export type AdversarialPaste = { name: string; text: string }

const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
const TOKEN = 'at-9Zq3kLmN0pQrStUvWxYz1234abcd'
const BLOCK = `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}\n\n`
const HTML_BLOCK = `<div dir="ltr"><p class=MsoNormal><b>Entity/Outtask ID&#58;</b>&nbsp;110034<o:p></o:p></p><p>Client_UUID: {${UUID.toUpperCase()}}</p><table><tr><td>Request_Token</td><td>${TOKEN}</td></tr></table></div>\n`

/** `unit` repeated (and cut) to exactly `length` characters. */
function fill(unit: string, length: number, prefix = ''): string {
  const body = unit.repeat(Math.ceil(Math.max(0, length - prefix.length) / unit.length))
  return (prefix + body).slice(0, length)
}

/** Seeded (fast-check's generator), so every run times the same text. */
function randomText(length: number, alphabet: string, seed: number): string {
  const unit = fc.constantFrom(...alphabet)
  return fc.sample(fc.string({ unit, minLength: length, maxLength: length }), { seed, numRuns: 1 })[0] ?? ''
}

/** Every adversarial paste of `length` characters. */
export function adversarialPastes(length: number): AdversarialPaste[] {
  const cases: Array<[string, string]> = [
    ['run of "."', fill('.', length)],
    ['token then a run of "."', fill('.', length, `Request_Token: ${TOKEN}`)],
    ['token, a run of "." and a letter', `${fill('.', length - 1, `Request_Token: ${TOKEN}`)}x`],
    ['run of ")"', fill(')', length, 'Request_Token: (')],
    ['token, a run of ")" and a letter', `${fill(')', length - 1, `Request_Token: ${TOKEN}`)}x`],
    ['run of "<"', fill('<', length)],
    ['run of "<a "', fill('<a ', length)],
    ['unclosed attribute quotes', fill('<a title="', length, '<div>')],
    ['nested <div>', fill('<div>', length)],
    ['nested <b><span>', fill('<b><span>', length)],
    ['run of <br>', fill('<br>', length)],
    ['run of "&"', fill('&', length)],
    ['run of "&#"', fill('&#', length)],
    ['long entity name', fill('a', length, '<p>&')],
    ['run of labels', fill('Request_Token:', length)],
    ['labels with spaces', fill('Request_Token: ', length)],
    [
      'labels and values on one line',
      fill(`Entity ID: 1, Company UUID: ${UUID}, Request Token: ${TOKEN}, `, length),
    ],
    ['"entity" and spaces', fill('entity     ', length)],
    ['label notes "("', fill('(', length, 'Company UUID ')],
    ['run of spaces', fill(' ', length, 'Request_Token:')],
    ['run of tabs', fill('\t', length, 'Request_Token')],
    ['run of invisible marks', fill('\u200e\u202e\u2066\u200b', length, 'Request_Token: at-')],
    ['run of no-break spaces', fill('\u00a0', length, 'Client_UUID:')],
    ['run of ">" quoting', fill('>', length)],
    ['run of "> " lines', fill('> \n', length)],
    ['run of empty labels', fill('Request_Token:\n', length)],
    ['run of CR', fill('\r', length)],
    ['run of LF', fill('\n', length)],
    ['one long token', fill('a', length, 'Request_Token: at-')],
    ['token continuation lines', fill('abc123-_\n', length, `Request_Token: ${TOKEN}\n`)],
    ['many blocks', fill(BLOCK, length)],
    ['many HTML blocks', fill(HTML_BLOCK, length)],
    ['random text', randomText(length, 'abcXYZ019 :=.,;()<>&#/\\|-_>\n\t\u00a0\u200e', 1)],
    ['random label soup', randomText(length, 'RequstTokenEiyOuaIDClUU_/ :=\n', 2)],
  ]
  return cases.map(([name, text]) => ({ name, text }))
}
