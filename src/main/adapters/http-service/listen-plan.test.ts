import { describe, expect, it } from 'vitest'
import { allowedHostsForPlan, isLoopbackHost, launchOrigin, parseHostPort, planListen } from './listen-plan'
import { makeSelfSignedCertificate } from './tls-cert.test-helper'
import { DeskError } from '../../core/errors/desk-error'

describe('listen plan', () => {
  it('stays on 127.0.0.1 with --port, plain HTTP', () => {
    const plan = planListen({ port: '4180' })
    expect(plan).toMatchObject({ host: '127.0.0.1', port: 4180, loopback: true, tls: null })
    expect(launchOrigin(plan, 4180)).toBe('http://127.0.0.1:4180')
    const hosts = allowedHostsForPlan(plan, 4180)
    expect(['127.0.0.1:4180', 'localhost:4180'].every((h) => hosts.matches(h))).toBe(true)
    expect(hosts.matches('127.0.0.1:4181')).toBe(false)
  })

  it('parses HOST:PORT forms and rejects names and bad ports with what to write instead', () => {
    expect(parseHostPort('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 })
    expect(parseHostPort('[::]:8443')).toEqual({ host: '::', port: 8443 })
    expect(parseHostPort(':8443')).toEqual({ host: '0.0.0.0', port: 8443 })
    expect(() => parseHostPort('desk.example.com:8443')).toThrow(/not an IP address.*--public-url/)
    expect(() => parseHostPort('0.0.0.0')).toThrow(/has no port/)
    expect(() => parseHostPort('0.0.0.0:70000')).toThrow(/not a port number/)
  })

  it('refuses off loopback without TLS, half a certificate, both --port and --listen, and a public URL of the wrong scheme', () => {
    expect(() => planListen({ listen: '192.0.2.10:8443' })).toThrow(DeskError)
    expect(() => planListen({ listen: '0.0.0.0:8443' })).toThrow(
      /Refusing to listen on 0\.0\.0\.0:8443 without TLS/,
    )
    expect(() => planListen({ listen: '127.0.0.1:8443', tlsCert: 'x.crt' })).toThrow(
      /both --tls-cert FILE and --tls-key FILE/,
    )
    expect(() => planListen({ listen: '127.0.0.1:1', port: '2' })).toThrow(/either --port/)
    expect(() => planListen({ port: '1', publicUrl: 'https://desk.example.com' })).toThrow(
      /must start with http:/,
    )
    expect(planListen({ listen: '127.0.0.2:8080' }).loopback).toBe(true)
  })

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true)
    expect(['0.0.0.0', '::', '192.0.2.10', '128.0.0.1'].some(isLoopbackHost)).toBe(false)
  })

  it('takes the host names from the certificate, IPv6 in brackets, wildcards one label deep', () => {
    const cert = makeSelfSignedCertificate('DNS:desk.example.com,DNS:*.team.example,IP:192.0.2.10,IP:::1')
    const plan = planListen({ listen: '0.0.0.0:443', tlsCert: cert.certFile, tlsKey: cert.keyFile })
    expect(plan.tls?.names).toEqual(['desk.example.com', '*.team.example', '192.0.2.10', '[::1]'])
    expect(launchOrigin(plan, 443)).toBe('https://desk.example.com:443')
    const hosts = allowedHostsForPlan(plan, 443)
    for (const ok of [
      'desk.example.com',
      'desk.example.com:443',
      'a.team.example',
      '192.0.2.10:443',
      '[::1]:443',
      '127.0.0.1:443',
    ])
      expect(hosts.matches(ok), ok).toBe(true)
    for (const bad of ['team.example', 'a.b.team.example', 'desk.example.com:8443', 'evil.example'])
      expect(hosts.matches(bad), bad).toBe(false)
  })

  it('refuses an expired certificate', () => {
    const cert = makeSelfSignedCertificate('DNS:desk.example.com', 1)
    expect(() =>
      planListen(
        { listen: '0.0.0.0:443', tlsCert: cert.certFile, tlsKey: cert.keyFile },
        Date.now() + 3 * 86_400_000,
      ),
    ).toThrow(/expired on .*Renew it/)
  })
})
