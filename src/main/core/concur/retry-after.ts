/**
 * Reads a Retry-After header: delta seconds (`retry-after: 0` in Concur's only 429 sample) or an
 * HTTP date. Returns the wait in ms, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
