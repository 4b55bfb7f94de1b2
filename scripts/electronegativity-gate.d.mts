/** Types of the pure helpers exported by electronegativity-gate.mjs (for its unit test). */
export type Finding = {
  id: string
  file: string
  line: number
  severity: string
  confidence: string
  description: string
  sample: string
}
export type AllowlistEntry = {
  id: string
  file: string
  reason: string
  severity?: string
  confidence?: string
}
export function isShippedSource(path: string): boolean
export function judgeFindings(
  findings: Finding[],
  allowlist: AllowlistEntry[],
): { allowed: Array<Finding & { reason: string }>; refused: Finding[]; stale: AllowlistEntry[] }
export function parseAllowlist(text: string): AllowlistEntry[]
export function toFinding(issue: unknown): Finding
export function checkBuiltOutput(outDir: string): { checked: boolean; problems: string[] }
