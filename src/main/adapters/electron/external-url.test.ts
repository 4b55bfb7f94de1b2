import { describe, expect, it } from 'vitest'
import { parseExternalUrl } from './external-url'

describe('parseExternalUrl', () => {
  it('accepts plain http and https links', () => {
    expect(parseExternalUrl('https://www.concur.com/help?x=1')).toBe('https://www.concur.com/help?x=1')
    expect(parseExternalUrl('http://intranet.example/page')).toBe('http://intranet.example/page')
  })

  it('rejects every other scheme, credentials in the URL and garbage', () => {
    for (const raw of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'data:text/html,hi',
      'https://user:pass@example.com/',
      'not a url',
      '',
      42,
      null,
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(parseExternalUrl(raw), String(raw).slice(0, 40)).toBeNull()
    }
  })
})
