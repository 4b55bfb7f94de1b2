import { describe, expect, it } from 'vitest'
import { htmlToText, looksLikeHtml } from './html-paste'

describe('looksLikeHtml', () => {
  it.each([
    ['<div>x</div>', true],
    ['a<br/>b', true],
    ['<p class=MsoNormal>x', true],
    ['</td>', true],
    ['<o:p></o:p>', true],
    ['<!-- comment -->', true],
    ['<!DOCTYPE html><x>', true],
    ['Request_Token: <at-abc123>', false],
    ['a < b and c > d', false],
    ['Anna <anna@example.com>', false],
    ['<<<<<', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeHtml(text)).toBe(expected)
  })
})

describe('htmlToText', () => {
  it('turns block elements and <br> into line breaks, one per block boundary', () => {
    expect(htmlToText('<div><p>A</p><p>B</p></div><div>C<br>D</div>').text).toBe('A\nB\nC\nD\n')
  })

  it('keeps an empty line for <br><br> (so an empty label does not reach the next paragraph)', () => {
    expect(htmlToText('<div>Token:<br><br>Regards</div>').text).toBe('Token:\n\nRegards\n')
  })

  it('collapses source whitespace and line breaks like a browser, but not inside <pre>', () => {
    expect(htmlToText('<p>Entity\n   ID:\t 110034</p><pre>a\n  b</pre>').text).toBe(
      'Entity ID: 110034\na\n  b\n',
    )
  })

  it('decodes named and numeric entities, and keeps a no-break space as content', () => {
    expect(htmlToText('<p>ID&#58;&nbsp;1 &lt;x&gt; &amp; &#x41;</p>').text).toBe('ID:\u00a01 <x> & A\n')
  })

  it('separates table cells with a tab and rows with a line break', () => {
    expect(
      htmlToText('<table><tr><th>Key</th><td>Value</td></tr><tr><td>K2</td><td>V2</td></tr></table>').text,
    ).toBe('Key\tValue\nK2\tV2\n')
  })

  it('drops head, title, style, script, comments and Outlook xml, and a missing </head> hides nothing', () => {
    const html =
      '<html><head><title>Request token: no</title><style>p{}</style><xml><o:x>1</o:x></xml><body><!-- c --><script>var x = "<p>"</script><p>seen</p>'
    expect(htmlToText(html).text).toBe('seen\n')
  })

  it('joins inline elements and <wbr> without spaces', () => {
    expect(htmlToText('<span>Request</span><b>_Token</b>: at-abc<wbr>def').text).toBe(
      'Request_Token: at-abcdef',
    )
  })

  it('maps each output line to the source line its text came from', () => {
    const { text, sourceLines } = htmlToText('<p>one</p>\n<p>\n  two</p>\n\n<p>three</p>')
    expect(text.split('\n').slice(0, 3)).toEqual(['one', 'two', 'three'])
    expect(sourceLines.slice(0, 3)).toEqual([1, 3, 5])
  })

  it('survives unclosed tags, stray quotes and entities at the end', () => {
    expect(htmlToText('<div><a title="x>y">link</a> &amp').text).toBe('link &')
    expect(() => htmlToText('<a b="'.repeat(1000))).not.toThrow()
  })
})
