import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEchoService } from './echo-service.test-helper'
import { planListen } from './listen-plan'
import { raw } from './raw-request.test-helper'
import type { ServiceServer } from './service-server'
import { makeSelfSignedCertificate, type TestCertificate } from './tls-cert.test-helper'

const SERVICE_ENTRY = resolve(import.meta.dirname, '../../service.ts')

function runService(args: string[]): { status: number | null; stderr: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-tls-cli-'))
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', SERVICE_ENTRY, '--data-dir', dataDir, '--no-open', ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  return { status: r.status, stderr: r.stderr }
}

describe('service mode off loopback', () => {
  it('refuses to start without TLS, saying how to make a certificate (exit code 2)', () => {
    const r = runService(['--listen', '0.0.0.0:0'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Refusing to listen on 0.0.0.0:0 without TLS')
    expect(r.stderr).toContain('--tls-cert FILE --tls-key FILE')
    expect(r.stderr).toContain('openssl req -x509')
  })

  it('refuses a key that does not belong to the certificate', () => {
    const a = makeSelfSignedCertificate('IP:127.0.0.1')
    const b = makeSelfSignedCertificate('IP:127.0.0.1')
    const r = runService(['--listen', '0.0.0.0:0', '--tls-cert', a.certFile, '--tls-key', b.keyFile])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`The key in ${b.keyFile} does not belong to the certificate in ${a.certFile}`)
  })
})

describe('service mode over HTTPS on 0.0.0.0', () => {
  let cert: TestCertificate
  let server: ServiceServer
  let host: string
  const tls = () => ({ ca: cert.certPem, servername: 'localhost' })

  beforeAll(async () => {
    cert = makeSelfSignedCertificate('IP:127.0.0.1,DNS:localhost,DNS:*.desk.test')
    const plan = planListen({
      listen: '0.0.0.0:0',
      tlsCert: cert.certFile,
      tlsKey: cert.keyFile,
      publicUrl: 'https://desk.example.com:9443',
    })
    server = await startEchoService({ listen: plan })
    host = `127.0.0.1:${server.port}`
  })
  afterAll(() => server.close())

  it('prints an https sign-in link and signs in with a __Host- Secure cookie', async () => {
    expect(server.launchUrl).toMatch(/^https:\/\/desk\.example\.com:9443\/\?token=/)
    const token = new URL(server.launchUrl).search
    const r = await raw(server.port, { path: `/${token}`, headers: { host }, tls: tls() })
    expect(r.status).toBe(303)
    const setCookie = String(r.headers['set-cookie'])
    expect(setCookie).toMatch(new RegExp(`^__Host-desk_session_${server.port}=`))
    expect(setCookie).toContain('Secure')
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
    const cookie = setCookie.split(';')[0]!
    const page = await raw(server.port, { path: '/', headers: { host, cookie }, tls: tls() })
    expect(page.status).toBe(200)
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000')
  })

  it('answers to the certificate names and the public URL, and to nothing else', async () => {
    const cookie = await signInOverTls()
    const status = async (hostHeader: string) =>
      (await raw(server.port, { path: '/', headers: { host: hostHeader, cookie }, tls: tls() })).status
    expect(await status(`localhost:${server.port}`)).toBe(200)
    expect(await status(`team.desk.test:${server.port}`)).toBe(200)
    expect(await status('desk.example.com:9443')).toBe(200)
    expect(await status(`a.b.desk.test:${server.port}`)).toBe(421)
    expect(await status(`evil.example:${server.port}`)).toBe(421)
    expect(await status('desk.example.com')).toBe(421)
  })

  it('serves HTTPS only: plain HTTP to the same port fails', async () => {
    await expect(raw(server.port, { path: '/', headers: { host } })).rejects.toThrow()
    expect(server.rejectionTotals()['tls-handshake']).toBeGreaterThanOrEqual(1)
  })

  async function signInOverTls(): Promise<string> {
    const token = new URL(server.newLaunchUrl()).search
    const r = await raw(server.port, { path: `/${token}`, headers: { host }, tls: tls() })
    return String(r.headers['set-cookie']).split(';')[0]!
  }
})
