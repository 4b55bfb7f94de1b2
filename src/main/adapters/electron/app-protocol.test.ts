import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { fakeElectron, resetFakeElectron } = await import('./fake-electron')
const { registerAppScheme, serveRenderer } = await import('./app-protocol')
const { answerAppRequest, isAppUrl, resolveRendererFile } = await import('./app-origin')
const { CONTENT_SECURITY_POLICY } = await import('./session-security')

function rendererDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'desk-renderer-'))
  const dir = join(root, 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>desk</title>')
  writeFileSync(join(dir, 'assets', 'main.js'), 'console.log(1)')
  writeFileSync(join(root, 'secret.txt'), 'outside')
  return dir
}

describe('app:// protocol', () => {
  beforeEach(() => resetFakeElectron())

  it('registers app: as a standard, secure scheme', () => {
    registerAppScheme()
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown },
    ])
  })

  it('recognises only our own origin', () => {
    expect(isAppUrl('app://desk/index.html')).toBe(true)
    expect(isAppUrl('app://desk/assets/main.js')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('https://desk/index.html')).toBe(false)
    expect(isAppUrl('file:///index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('maps app URLs to files inside the renderer folder only', () => {
    const dir = '/opt/desk/out/renderer'
    expect(resolveRendererFile('app://desk/', dir)).toBe(join(dir, 'index.html'))
    expect(resolveRendererFile('app://desk/assets/main.js', dir)).toBe(join(dir, 'assets', 'main.js'))
    // The URL parser folds `..` and `%2e%2e` segments away, so these stay inside the folder.
    expect(resolveRendererFile('app://desk/../secret.txt', dir)).toBe(join(dir, 'secret.txt'))
    expect(resolveRendererFile('app://desk/%2e%2e/secret.txt', dir)).toBe(join(dir, 'secret.txt'))
    expect(resolveRendererFile('app://desk/assets%2f..%2f..%2fsecret.txt', dir)).toBeNull()
    expect(resolveRendererFile('app://desk/..%5csecret.txt', dir)).toBeNull()
    expect(resolveRendererFile('app://desk/%00', dir)).toBeNull()
    expect(resolveRendererFile('app://evil/index.html', dir)).toBeNull()
    expect(resolveRendererFile('https://desk/index.html', dir)).toBeNull()
  })

  it('serves renderer files with the CSP header and refuses anything outside', async () => {
    const dir = rendererDir()
    const page = await answerAppRequest('app://desk/index.html', dir)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('<title>desk</title>')
    const script = await answerAppRequest('app://desk/assets/main.js', dir)
    expect(script.headers.get('content-type')).toContain('text/javascript')
    expect((await answerAppRequest('app://desk/%2e%2e/secret.txt', dir)).status).toBe(404)
    expect((await answerAppRequest('app://desk/missing.js', dir)).status).toBe(404)
  })

  it('installs the handler on the session for the app scheme', async () => {
    const dir = rendererDir()
    serveRenderer(fakeElectron.session.defaultSession as never, dir)
    const handler = fakeElectron.sessionHandlers.protocolHandlers.get('app')
    if (!handler) throw new Error('no app: handler')
    const response = (await handler({ url: 'app://desk/index.html' })) as Response
    expect(response.status).toBe(200)
  })
})
