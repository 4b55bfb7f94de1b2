import { describe, expect, it } from 'vitest'
import { cookieValues, sessionCookiePolicy } from './session-cookie'

describe('session cookie', () => {
  it('is named per port, and __Host- prefixed and Secure over TLS', () => {
    expect(sessionCookiePolicy(4180, false)).toEqual({ name: 'desk_session_4180', secure: false })
    expect(sessionCookiePolicy(8443, true)).toEqual({ name: '__Host-desk_session_8443', secure: true })
  })

  it('reads every value sent under its name, in order, without decoding', () => {
    const header =
      'desk_session_1=planted; other=x; desk_session_1="quoted"; desk_session_10=no;desk_session_1=%E0%A4%A'
    expect(cookieValues(header, 'desk_session_1')).toEqual(['planted', 'quoted', '%E0%A4%A'])
    expect(cookieValues(undefined, 'desk_session_1')).toEqual([])
    expect(cookieValues(['a=1', 'desk_session_1=b'], 'desk_session_1')).toEqual(['b'])
  })

  it('caps how many values one header can make it try', () => {
    const header = Array.from({ length: 500 }, (_, i) => `n=${i}`).join('; ')
    expect(cookieValues(header, 'n')).toHaveLength(50)
  })
})
