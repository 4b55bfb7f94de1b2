/**
 * The Electron app's link to a team desk (plain data, shared by main and renderer): the pinned
 * certificate as shown to the user, and the connection's status for the header chip and the
 * Settings → Team desk panel. No credential is ever part of these.
 */

/** What the user checks before trusting a team desk's certificate (and what is pinned). */
export type CertificateFacts = {
  /** SHA-256 of the DER certificate, colon-separated upper-case hex: what is pinned. */
  fingerprint256: string
  /** e.g. "CN=desk.umbrella.local, O=Umbrella" */
  subject: string
  issuer: string
  /** Names in the certificate (DNS and IP subject alternative names). */
  names: string[]
  validFromMs: number
  validToMs: number
}

/** Where the app is: solo (its own desk) or a client of a team desk. */
export type TeamDeskStatus =
  | { mode: 'solo' }
  | {
      mode: 'client'
      /** The desk's origin, e.g. https://desk.umbrella.local:8443 */
      url: string
      host: string
      state: 'connected' | 'signed-out' | 'reconnecting' | 'certificate-changed'
      /** Who the desk says we are (null when it does not say, e.g. a solo service desk). */
      userName: string | null
      certificate: CertificateFacts
      /** What to do, when not connected. */
      message: string | null
    }

/** The answer to a connect or a re-pin. */
export type TeamConnectOutcome =
  | {
      step: 'confirm-certificate'
      url: string
      certificate: CertificateFacts
      /** Set when a different certificate is pinned for this desk: the user is re-pinning. */
      pinned: CertificateFacts | null
    }
  | { step: 'connected'; status: TeamDeskStatus }
