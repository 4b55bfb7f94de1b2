/**
 * Real-looking pastes, one or more per class of issue 11 (web mail and Outlook HTML, ticket-system
 * HTML, Outlook quoting, Microsoft-style UUIDs, short tokens, bidi marks, empty labels, huge
 * pastes, …), each with the fields the desk must read from it. Written after what the desk's
 * staff paste (values invented). Used by `real-pastes.test.ts`.
 */

/** What one block must read as. */
export type ExpectedBlock = {
  outtaskId: string | null
  companyUuid: string | null
  token: string | null
  /** Fields with an error (a rejection); [] for a block the desk takes. */
  errors: string[]
  /** Fields with a warning (doubtful, accepted). @default [] */
  warnings?: string[]
  /** Words the block's notes must contain. */
  notes?: string[]
  /** Words the block's error messages must contain. */
  messages?: string[]
}

/** One paste of the table. */
export type RealPaste = { name: string; kind: string; text: string; blocks: ExpectedBlock[] }

const UUID = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d'
const UUID2 = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'
const TOKEN = 'at-Qm9zY2hXb3JrZmxvd1Rva2VuMjAyNg.x7_kP-3v'
const TOKEN2 = 'at-Zx81LmNoPqRsTuVwXyZ0123456789abc'
const ok = (outtaskId: string, companyUuid = UUID, token = TOKEN): ExpectedBlock => ({
  outtaskId,
  companyUuid,
  token,
  errors: [],
})

/** The table. */
export const REAL_PASTES: RealPaste[] = [
  {
    name: 'Gmail: divs, <br>, &nbsp; and a <wbr> inside the long token',
    kind: 'web mail HTML',
    text: `<div dir="ltr"><div>Hello Umbrella team,</div><div><br></div><div>please find the token below.</div><div><br></div><div>Entity/Outtask ID:&nbsp;110034<br>Client_UUID: ${UUID}<br>Request_Token: ${TOKEN.slice(0, 20)}<wbr>${TOKEN.slice(20)}</div><div><br></div><div>Kind regards,</div><div>Concur Support</div></div>`,
    blocks: [{ ...ok('110034'), notes: ['Read as HTML'] }],
  },
  {
    name: 'Outlook HTML: MsoNormal paragraphs, <o:p>, spans that split a label, a <style> head',
    kind: 'web mail HTML',
    text: [
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">',
      '<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri"} --></style></head>',
      '<body lang=EN-US><div class=WordSection1>',
      '<p class=MsoNormal><span lang=EN-US>Entity/Outtask ID: 220415<o:p></o:p></span></p>',
      `<p class=MsoNormal><span lang=EN-US>Client</span><span lang=EN-US>_UUID: ${UUID}<o:p></o:p></span></p>`,
      `<p class=MsoNormal><b><span lang=EN-US>Request_Token:</span></b><span lang=EN-US> ${TOKEN}<o:p></o:p></span></p>`,
      '<p class=MsoNormal><o:p>&nbsp;</o:p></p></div></body></html>',
    ].join('\r\n'),
    blocks: [ok('220415')],
  },
  {
    name: 'ticket system: a key/value table with <th>, &#58; and a title that must stay hidden',
    kind: 'ticket system HTML',
    text: `<!DOCTYPE html><html><head><title>Request token: see ticket</title></head><body><h2>Case 0420-1187 &#8211; API token request</h2><table class="kv"><tbody><tr><th>Entity/Outtask ID</th><td>330001</td></tr><tr><th>Company UUID</th><td>${UUID}</td></tr><tr><th>Company Request Token</th><td><code>${TOKEN}</code></td></tr></tbody></table></body></html>`,
    blocks: [ok('330001')],
  },
  {
    name: 'ticket comment: <p> per line, &#58; for the colons, &lt;…&gt; around the token',
    kind: 'ticket system HTML',
    text: `<p>Entity/Outtask ID&#58; 110034</p>\n<p>Client_UUID&#58;&nbsp;${UUID}</p>\n<p>Request_Token&#58; &lt;${TOKEN}&gt;</p>`,
    blocks: [{ ...ok('110034'), notes: ['Removed the brackets around the request token'] }],
  },
  {
    name: 'ticket export with two entities in one table',
    kind: 'ticket system HTML',
    text: `<table><tr><td>Entity ID</td><td>110034</td><td>Company UUID</td><td>${UUID}</td><td>Request Token</td><td>${TOKEN}</td></tr><tr><td>Entity ID</td><td>110035</td><td>Company UUID</td><td>${UUID2}</td><td>Request Token</td><td>${TOKEN2}</td></tr></table>`,
    blocks: [ok('110034'), ok('110035', UUID2, TOKEN2)],
  },
  {
    name: 'Outlook reply on top of the quoted case request (template placeholder below)',
    kind: 'Outlook quoting',
    text: [
      'Hello,',
      '',
      'Entity/Outtask ID: 110034',
      `Client_UUID: ${UUID}`,
      `Request_Token: ${TOKEN}`,
      '',
      'Best regards, SAP Concur Support',
      '',
      '-----Original Message-----',
      'From: Umbrella support desk <desk@umbrella.example>',
      'Sent: Wednesday, 25 November 2026 09:12',
      'Subject: API token request: Umbrella Faces – ACME (Entity/Outtask ID 110034)',
      '',
      'Please send the request token in this format:',
      'Entity/Outtask ID: 110034',
      `Client_UUID: ${UUID}`,
      'Request_Token: <the company request token>',
    ].join('\r\n'),
    blocks: [{ ...ok('110034'), notes: ['Skipped lines 15–17'] }],
  },
  {
    name: 'plain-text reply quoted twice ("> >" and ">>") with blank quoted lines',
    kind: 'Outlook quoting',
    text: `Forwarding as discussed.\n\n> > Entity/Outtask ID: 440120\n>>\n>> Company UUID: ${UUID}\n> >\n> > Company Request Token: ${TOKEN}\n>\n> Thanks`,
    blocks: [ok('440120')],
  },
  {
    name: 'Microsoft-style UUID: braces and upper case',
    kind: 'Microsoft UUIDs',
    text: `Entity/Outtask ID: 110034\nClient_UUID: {${UUID.toUpperCase()}}\nRequest_Token: ${TOKEN}`,
    blocks: [{ ...ok('110034'), notes: ['braces and upper case', `Read as ${UUID}`] }],
  },
  {
    name: 'UUID as a URN, in quotes, ending a sentence',
    kind: 'Microsoft UUIDs',
    text: `Outtask ID: 110034\nCompany UUID: "urn:uuid:${UUID}".\nRequest token: ${TOKEN}`,
    blocks: [{ ...ok('110034'), notes: ['"urn:uuid:" prefix'] }],
  },
  {
    name: 'UUID without hyphens (registry format)',
    kind: 'Microsoft UUIDs',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID.replaceAll('-', '').toUpperCase()}\nRequest_Token: ${TOKEN}`,
    blocks: [{ ...ok('110034'), notes: ['no hyphens'] }],
  },
  {
    name: 'a short token: accepted with a warning naming its length',
    kind: 'short tokens',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: at-zz99`,
    blocks: [{ ...ok('110034', UUID, 'at-zz99'), warnings: ['requestToken'] }],
  },
  {
    name: 'left-to-right and right-to-left marks around every value',
    kind: 'bidi marks',
    text: `Entity/Outtask ID: \u200e220415\u200e\nClient_UUID: \u200f${UUID}\u200f\nRequest_Token: \u200e${TOKEN}`,
    blocks: [
      { ...ok('220415'), notes: ['5 invisible characters (3 left-to-right marks, 2 right-to-left marks)'] },
    ],
  },
  {
    name: 'bidi embeddings and isolates (U+202A–U+202E, U+2066–U+2069) from a right-to-left editor',
    kind: 'bidi marks',
    text: `\u202bEntity/Outtask ID: \u2066220415\u2069\u202c\nClient_UUID: \u202a${UUID}\u202c\nRequest_Token: \u2068${TOKEN}\u2069`,
    blocks: [{ ...ok('220415'), notes: ['invisible characters'] }],
  },
  {
    name: 'zero-width spaces and a soft hyphen inside the token (chat copy), no-break spaces around it',
    kind: 'invisible characters',
    text: `Entity/Outtask ID:\u00a0110034\nClient_UUID:\u00a0${UUID}\nRequest_Token:\u00a0${TOKEN.slice(0, 10)}\u200b${TOKEN.slice(10, 25)}\u00ad${TOKEN.slice(25)}\u00a0`,
    blocks: [{ ...ok('110034'), notes: ['zero-width space', 'soft hyphen'] }],
  },
  {
    name: 'an empty token label followed by the signature',
    kind: 'empty labels',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token:\nKind regards,\nConcur Support`,
    blocks: [
      {
        outtaskId: '110034',
        companyUuid: UUID,
        token: null,
        errors: ['requestToken'],
        messages: ['nothing after the "Request_Token:" label on line 3'],
      },
    ],
  },
  {
    name: 'an empty label does not reach across a blank line',
    kind: 'empty labels',
    text: `Entity/Outtask ID:\n\n110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}`,
    blocks: [{ outtaskId: null, companyUuid: UUID, token: TOKEN, errors: ['outtaskId'] }],
  },
  {
    name: 'values on the line below their labels (a narrow ticket form)',
    kind: 'empty labels',
    text: `Entity/Outtask ID:\n110034\nClient_UUID:\n${UUID}\nRequest_Token:\n${TOKEN}\nThanks`,
    blocks: [ok('110034')],
  },
  {
    name: 'a whole mailbox export pasted at once',
    kind: 'huge pastes',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}\n${'> quoted history line\n'.repeat(12_000)}`,
    blocks: [
      {
        outtaskId: null,
        companyUuid: null,
        token: null,
        errors: ['block'],
        messages: ['264,134 characters long', 'at most 200,000', 'Paste one e-mail at a time'],
      },
    ],
  },
  {
    name: 'old Mac mail: CR-only line ends',
    kind: 'line ends',
    text: `Entity/Outtask ID: 110034\rClient_UUID: ${UUID}\rRequest_Token: ${TOKEN}\r`,
    blocks: [ok('110034')],
  },
  {
    name: 'a table copied from a web page: tab-separated cells',
    kind: 'tables',
    text: `Entity/Outtask ID\t110034\nCompany UUID\t${UUID}\nCompany Request Token\t${TOKEN}\n`,
    blocks: [ok('110034')],
  },
  {
    name: 'a markdown table from a chat tool',
    kind: 'tables',
    text: `| Field | Value |\n|---|---|\n| Entity/Outtask ID | 110034 |\n| Client_UUID | ${UUID} |\n| Request_Token | \`${TOKEN}\` |`,
    blocks: [ok('110034')],
  },
  {
    name: 'a token cut short with "…" by a preview',
    kind: 'short tokens',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: at-Qm9zY2hXb3Jr…`,
    blocks: [
      {
        outtaskId: '110034',
        companyUuid: UUID,
        token: 'at-Qm9zY2hXb3Jr…',
        errors: ['requestToken'],
        messages: ['cut short', '16 characters, starts "at-Qm", ends "Jr…"'],
      },
    ],
  },
  {
    name: 'a token wrapped by a plain-text mail client at 40 columns',
    kind: 'line ends',
    text: `Entity/Outtask ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN.slice(0, 24)}\n${TOKEN.slice(24)}\n\nRegards`,
    blocks: [{ ...ok('110034'), notes: ['Joined the request token with line 4'] }],
  },
]
