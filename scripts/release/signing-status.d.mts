/** Types of signing-status.mjs (for its unit test). */
export type SigningNotice = { level: 'warning' | 'notice'; title: string; message: string }
export function signingPlan(env: Record<string, string | undefined>): {
  os: string
  notices: SigningNotice[]
  exports: Record<string, string>
  error: string | null
}
export function githubEnvLines(vars: Record<string, string>): string
