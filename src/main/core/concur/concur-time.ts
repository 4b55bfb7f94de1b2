/**
 * Concur's timestamp format for LastModifiedDate / ProfileLastModifiedUTC: `YYYY-MM-DDThh:mm:ss`,
 * UTC, no offset, no `Z`, no fractions (whole seconds).
 */

const CONCUR_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/

/** Formats epoch ms as Concur UTC, truncating to the whole second. */
export function formatConcurUtc(ms: number): string {
  if (!Number.isFinite(ms)) throw new TypeError(`Expected a finite epoch ms, got ${String(ms)}`)
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)
}

/** Parses Concur UTC to epoch ms; returns null for anything not in the strict format or not a real date. */
export function parseConcurUtc(text: string): number | null {
  const m = CONCUR_UTC.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  // Date.UTC rolls 2024-02-30 over to March; a real Concur timestamp never does.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  return ms
}
