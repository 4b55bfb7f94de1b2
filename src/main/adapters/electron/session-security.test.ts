import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { CONTENT_SECURITY_POLICY, hardenSession } = await import('./session-security')

function hardened() {
  hardenSession(fakeElectron.session.defaultSession as never)
  const { permissionRequest, permissionCheck, headersReceived } = fakeElectron.sessionHandlers
  if (!permissionRequest || !permissionCheck || !headersReceived) throw new Error('a handler is missing')
  return { permissionRequest, permissionCheck, headersReceived }
}

describe('session hardening', () => {
  beforeEach(() => resetFakeElectron())

  it('denies every permission request', () => {
    const { permissionRequest } = hardened()
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn()
      permissionRequest({}, permission, callback, {})
      expect(callback, permission).toHaveBeenCalledWith(false)
    }
  })

  it('answers every permission check with no', () => {
    const { permissionCheck } = hardened()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-sanitized-write']) {
      expect(permissionCheck({}, permission, 'app://desk', {})).toBe(false)
    }
  })

  it('sets our CSP header on responses and replaces any policy the response brought', () => {
    const { headersReceived } = hardened()
    const callback = vi.fn()
    // A hostile policy arriving with a response, which the hook must replace with ours.
    const hostile = ['default-src', '*'].join(' ')
    headersReceived({ responseHeaders: { 'content-security-policy': [hostile], 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })

  it('uses a policy without inline or eval script and without remote sources', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
    const scriptSrc = CONTENT_SECURITY_POLICY.split(';').find((d) => d.trim().startsWith('script-src'))
    expect(scriptSrc?.trim()).toBe("script-src 'self'")
  })
})
