/**
 * HTML pastes (web mail, ticket systems, Outlook, "view source") read as the text a person sees.
 *
 * Built on htmlparser2's streaming Tokenizer, not on a DOM or html-to-text: both of those build a
 * tree and slow down super-linearly on deep nesting (html-to-text: 470 ms for 40,000 nested
 * `<div>`s, and it drops the text below its depth limit); the tokenizer is one linear pass with no
 * stack. What the pass does, in the browser's spirit:
 * - block elements (`<p>`, `<div>`, `<li>`, `<tr>`, headings, …) and `<br>` become line breaks;
 *   table cells become tabs, so `<td>Request_Token</td><td>at-…</td>` reads as a label and value;
 * - source whitespace (including line breaks) collapses to one space, except inside `<pre>`;
 * - entities become characters (`&nbsp;`, `&#58;`, `&lt;` …);
 * - `<script>`, `<style>`, `<head>`, `<title>`, Outlook's `<xml>`, comments and declarations vanish.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2'

/** The text of an HTML paste, and for each of its lines the 1-based line of the source it came from. */
export type HtmlText = { text: string; sourceLines: number[] }

/** Element names that prove a paste is HTML (an unknown `<at-…>` in plain text is not a tag). */
const KNOWN_TAGS = new Set([
  ...['html', 'head', 'body', 'meta', 'title', 'style', 'script', 'link', 'base'],
  ...['div', 'p', 'br', 'span', 'font', 'b', 'i', 'u', 's', 'em', 'strong', 'small', 'big', 'sub', 'sup'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'col', 'colgroup'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code', 'tt', 'kbd', 'samp', 'hr', 'wbr'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'center', 'section', 'article', 'header', 'footer'],
  ...['main', 'nav', 'aside', 'label', 'mark', 'del', 'ins', 'strike', 'abbr', 'cite', 'address', 'o:p'],
])

/** Elements after and before which a line ends. */
const BLOCK_TAGS = new Set([
  ...['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'caption'],
  ...['blockquote', 'pre', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'center', 'section', 'article'],
  ...['header', 'footer', 'main', 'nav', 'aside', 'address', 'form', 'fieldset', 'figure', 'body', 'html'],
])

/** Elements whose content is not shown. */
const HIDDEN_TAGS = new Set(['head', 'title', 'style', 'script', 'template', 'xml', 'noscript'])

const SLASH = 0x2f

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

/**
 * True when the text holds at least one known HTML tag (`<div>`, `</p>`, `<br/>`, `<o:p>` …), a
 * comment or a doctype. One forward pass; plain text with `<at-…>` or `a < b` stays plain text.
 */
export function looksLikeHtml(text: string): boolean {
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    if (text.startsWith('<!--', i) || text.slice(i, i + 9).toLowerCase() === '<!doctype') return true
    let start = i + 1
    if (text.charCodeAt(start) === SLASH) start++
    let end = start
    while (end < text.length && end - start < 12) {
      const c = text.charCodeAt(end)
      if (!isAsciiLetter(c) && !(c >= 0x30 && c <= 0x39) && c !== 0x3a) break
      end++
    }
    if (end === start) continue
    const after = text[end]
    const closes = after === '>' || after === '/' || after === ' ' || after === '\t' || after === '\n'
    if (closes && KNOWN_TAGS.has(text.slice(start, end).toLowerCase())) return true
  }
  return false
}

/** Converts an HTML paste into the text a reader sees. Linear in the length of `html`. */
export function htmlToText(html: string): HtmlText {
  const parts: string[] = []
  const sourceLines: number[] = [1]
  // Source lines are counted forward only: `lineOf` is always called with a growing index.
  let countedTo = 0
  let sourceLine = 1
  const lineOf = (index: number): number => {
    for (; countedTo < index && countedTo < html.length; countedTo++)
      if (html.charCodeAt(countedTo) === 0x0a) sourceLine++
    return sourceLine
  }
  let hidden = 0
  let pre = 0
  let tagName = ''
  /** Whether the output ends in whitespace (or a line start), so a leading space is dropped. */
  let afterSpace = true
  let lineHasText = false

  const newLine = (at: number): void => {
    parts.push('\n')
    sourceLines.push(lineOf(at))
    afterSpace = true
    lineHasText = false
  }
  /** A block boundary: one line break, however many block tags meet there. */
  const blockBreak = (at: number): void => {
    if (lineHasText) newLine(at)
  }
  const push = (piece: string, at: number): void => {
    if (!lineHasText) sourceLines[sourceLines.length - 1] = lineOf(at)
    parts.push(piece)
    lineHasText = true
  }
  const emit = (text: string, at: number): void => {
    if (hidden > 0 || text === '') return
    if (pre > 0) {
      let offset = 0
      for (const [i, piece] of text.split('\n').entries()) {
        if (i > 0) newLine(at + offset)
        if (piece) push(piece, at + offset)
        offset += piece.length + 1
      }
      afterSpace = text.endsWith('\n')
      return
    }
    // HTML whitespace collapses; U+00A0 does not (a no-break space is content, read later as a space).
    let piece = text.replace(/[\t\n\f\r ]+/g, ' ')
    if (afterSpace && piece.startsWith(' ')) piece = piece.slice(1)
    if (!piece) return
    push(piece, at + text.length - text.trimStart().length)
    afterSpace = piece.endsWith(' ')
  }

  const name = (start: number, end: number): string => html.slice(start, end).toLowerCase()
  const ignore = (): void => {}
  const callbacks: TokenizerCallbacks = {
    ontext(start, end) {
      emit(html.slice(start, end), start)
    },
    ontextentity(codePoint, end) {
      emit(String.fromCodePoint(codePoint), end)
    },
    onopentagname(start, end) {
      tagName = name(start, end)
      if (HIDDEN_TAGS.has(tagName)) hidden++
      if (tagName === 'body') hidden = 0 // a missing </head> must not hide the whole mail
      if (hidden > 0) return
      if (tagName === 'br') newLine(end)
      else if ((tagName === 'td' || tagName === 'th') && lineHasText) {
        parts.push('\t')
        afterSpace = true
      } else if (BLOCK_TAGS.has(tagName)) blockBreak(start)
      if (tagName === 'pre') pre++
    },
    onclosetag(start, end) {
      const closed = name(start, end)
      if (HIDDEN_TAGS.has(closed)) hidden = Math.max(0, hidden - 1)
      else if (hidden > 0) return
      else if (closed === 'br') newLine(end)
      else if (BLOCK_TAGS.has(closed)) blockBreak(start)
      if (closed === 'pre') pre = Math.max(0, pre - 1)
    },
    onselfclosingtag() {
      // `<title/>`, `<script/>`: a hidden element that closes itself hides nothing.
      if (HIDDEN_TAGS.has(tagName)) hidden = Math.max(0, hidden - 1)
    },
    onattribdata: ignore,
    onattribentity: ignore,
    onattribend: ignore,
    onattribname: ignore,
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onend: ignore,
    onopentagend: ignore,
    onprocessinginstruction: ignore,
  }
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks)
  tokenizer.write(html)
  tokenizer.end()
  return { text: parts.join(''), sourceLines }
}
