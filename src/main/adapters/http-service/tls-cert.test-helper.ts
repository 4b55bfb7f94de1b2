/** Self-signed certificates for TLS tests, made with Debian's openssl as a user would. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A certificate + key pair on disk. */
export type TestCertificate = { certFile: string; keyFile: string; certPem: string; dir: string }

/** Makes a self-signed P-256 certificate for `subjectAltName` (e.g. `IP:127.0.0.1,DNS:localhost`). */
export function makeSelfSignedCertificate(subjectAltName: string, days = 30): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'desk-tls-'))
  const certFile = join(dir, 'desk.crt')
  const keyFile = join(dir, 'desk.key')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-days',
      String(days),
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=desk test',
      '-addext',
      `subjectAltName=${subjectAltName}`,
    ],
    { stdio: 'ignore' },
  )
  return { certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), dir }
}
