/** A team desk's certificate as the user checks it before trusting it (and when it changed). */
import type { ReactNode } from 'react'
import type { CertificateFacts } from '../../../../shared/team-link-model'
import { formatDateTime } from '../../lib/time-format'

/** The facts of one certificate, fingerprint first (what to compare with the desk's administrator). */
export function CertificateCard(props: {
  certificate: CertificateFacts
  nowMs: number
  label: string
}): ReactNode {
  const c = props.certificate
  const expired = c.validToMs < props.nowMs
  const early = c.validFromMs > props.nowMs
  return (
    <dl className="certificate" aria-label={props.label}>
      <dt>SHA-256 fingerprint</dt>
      <dd>
        <code className="fingerprint">{c.fingerprint256}</code>
      </dd>
      <dt>Subject</dt>
      <dd>{c.subject || '—'}</dd>
      <dt>Issued by</dt>
      <dd>{c.issuer === c.subject ? `${c.issuer} (self-signed)` : c.issuer || '—'}</dd>
      <dt>Names</dt>
      <dd>{c.names.length ? c.names.join(', ') : '—'}</dd>
      <dt>Valid</dt>
      <dd>
        {formatDateTime(c.validFromMs)} – {formatDateTime(c.validToMs)}
        {expired ? <strong className="inline-error"> (expired)</strong> : null}
        {early ? <strong className="inline-error"> (not valid yet)</strong> : null}
      </dd>
    </dl>
  )
}
