/**
 * Reads the certificate and key for HTTPS and the names the certificate vouches for; every way
 * they can be wrong becomes a message that says what to do.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { DeskError } from '../../core/errors/desk-error'

/** A certificate + key ready for `https.createServer`, with the host names it covers. */
export type TlsMaterial = {
  readonly cert: string
  readonly key: string
  /** DNS names (possibly `*.example.com`) and IP addresses (IPv6 bracketed) from subjectAltName, else the CN. */
  readonly names: readonly string[]
  readonly notAfterMs: number
}

/** How to make a certificate, for error messages and the README. */
export const MAKE_CERTIFICATE_HINT =
  'To make a self-signed one for a desk at desk.example.com (192.0.2.10): openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 825 -nodes -keyout desk.key -out desk.crt -subj "/CN=desk.example.com" -addext "subjectAltName=DNS:desk.example.com,IP:192.0.2.10" (or use one from your company\'s certificate authority).'

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new DeskError(
      'invalid-input',
      `Cannot read the ${what} file ${file} (${code ?? 'unreadable'}). Check the path and that this user may read it.`,
    )
  }
}

/** Turns an IP from subjectAltName into the form a Host header carries (`::1` → `[::1]`). */
function hostFormOfIp(ip: string): string {
  if (isIP(ip) !== 6) return ip
  return new URL(`http://[${ip}]/`).hostname
}

/** The names in a certificate's subjectAltName (falling back to its CN). */
export function certificateNames(cert: X509Certificate): string[] {
  const names: string[] = []
  for (const entry of (cert.subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) names.push(entry.slice(4).toLowerCase())
    else if (entry.startsWith('IP Address:')) names.push(hostFormOfIp(entry.slice('IP Address:'.length)))
  }
  if (names.length === 0) {
    for (const line of cert.subject.split('\n'))
      if (line.startsWith('CN=')) names.push(line.slice(3).toLowerCase())
  }
  return names
}

/** Loads and checks the certificate and key files. Throws a DeskError ('invalid-input') with a clear message. */
export function loadTlsMaterial(certFile: string, keyFile: string, nowMs = Date.now()): TlsMaterial {
  const cert = readPem(certFile, 'certificate (--tls-cert)')
  const key = readPem(keyFile, 'private key (--tls-key)')
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    throw new DeskError(
      'invalid-input',
      `${certFile} is not a PEM certificate (it should start with "-----BEGIN CERTIFICATE-----"). ${MAKE_CERTIFICATE_HINT}`,
    )
  }
  let privateKey: ReturnType<typeof createPrivateKey>
  try {
    privateKey = createPrivateKey(key)
  } catch {
    throw new DeskError(
      'invalid-input',
      `${keyFile} is not an unencrypted PEM private key. Use the key made with the certificate; an encrypted key must be decrypted first (openssl pkey -in encrypted.key -out desk.key).`,
    )
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new DeskError(
      'invalid-input',
      `The key in ${keyFile} does not belong to the certificate in ${certFile}. Pass the key that was made together with this certificate.`,
    )
  }
  const notAfterMs = Date.parse(x509.validTo)
  if (Number.isFinite(notAfterMs) && notAfterMs <= nowMs) {
    throw new DeskError(
      'invalid-input',
      `The certificate in ${certFile} expired on ${x509.validTo}; browsers will refuse it. Renew it. ${MAKE_CERTIFICATE_HINT}`,
    )
  }
  const names = certificateNames(x509)
  if (names.length === 0) {
    throw new DeskError(
      'invalid-input',
      `The certificate in ${certFile} names no host (no subjectAltName, no CN). ${MAKE_CERTIFICATE_HINT}`,
    )
  }
  return { cert, key, names, notAfterMs }
}
